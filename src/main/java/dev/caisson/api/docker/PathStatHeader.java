package dev.caisson.api.docker;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.caisson.engine.archive.PathStat;
import tools.jackson.databind.json.JsonMapper;

/**
 * The X-Docker-Container-Path-Stat header: base64 of {name, size, mode, mtime, linkTarget}, with
 * mode in Go's os.FileMode bits and mtime in Go's RFC 3339 form, since the docker CLI decodes it
 * with Go's types (a directory is "mode & 1<<31", not S_IFDIR).
 */
final class PathStatHeader {
    static final String NAME = "X-Docker-Container-Path-Stat";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final long MODE_DIR = 1L << 31;
    private static final long MODE_SYMLINK = 1L << 27;
    private static final long MODE_DEVICE = 1L << 26;
    private static final long MODE_NAMED_PIPE = 1L << 25;
    private static final long MODE_SOCKET = 1L << 24;
    private static final long MODE_SETUID = 1L << 23;
    private static final long MODE_SETGID = 1L << 22;
    private static final long MODE_CHAR_DEVICE = 1L << 21;
    private static final long MODE_STICKY = 1L << 20;

    private PathStatHeader() {
    }

    static String encode(PathStat s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("size", s.size());
        m.put("mode", goFileMode(s.mode()));
        m.put("mtime", goTime(s.mtime()));
        m.put("linkTarget", s.linkTarget());
        return Base64.getEncoder().encodeToString(JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
    }

    /** st_mode → Go's os.FileMode, as os.Lstat fills it. */
    static long goFileMode(int st) {
        long m = st & 0777;
        switch (st & 0170000) {
            case 0040000 -> m |= MODE_DIR;
            case 0120000 -> m |= MODE_SYMLINK;
            case 0060000 -> m |= MODE_DEVICE;
            case 0020000 -> m |= MODE_DEVICE | MODE_CHAR_DEVICE;
            case 0010000 -> m |= MODE_NAMED_PIPE;
            case 0140000 -> m |= MODE_SOCKET;
            default -> {
                // a regular file has no type bit
            }
        }
        if ((st & 04000) != 0) {
            m |= MODE_SETUID;
        }
        if ((st & 02000) != 0) {
            m |= MODE_SETGID;
        }
        if ((st & 01000) != 0) {
            m |= MODE_STICKY;
        }
        return m;
    }

    /** Go's time.Time JSON: RFC 3339 in UTC with the fraction's trailing zeros dropped. */
    static String goTime(Instant t) {
        String base = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(t);
        if (t.getNano() == 0) {
            return base + "Z";
        }
        String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return base + "." + frac + "Z";
    }
}
