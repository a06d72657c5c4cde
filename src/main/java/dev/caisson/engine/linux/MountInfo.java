package dev.caisson.engine.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The calling process's mounts as /proc/self/mountinfo lists them: where each is mounted and
 * its propagation ("shared:N", "master:N" among the optional fields).
 */
public record MountInfo(Path mountPoint, String fsType, List<String> optionalFields) {
    private static final Path FILE = Path.of("/proc/self/mountinfo");

    public boolean shared() {
        return optionalFields.stream().anyMatch(f -> f.startsWith("shared:"));
    }

    public boolean slave() {
        return optionalFields.stream().anyMatch(f -> f.startsWith("master:"));
    }

    public static List<MountInfo> all() throws IOException {
        List<MountInfo> out = new ArrayList<>();
        for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (f.length < 7 || dash < 6 || dash + 1 >= f.length) {
                continue;
            }
            out.add(new MountInfo(Path.of(unescape(f[4])), f[dash + 1], List.of(f).subList(6, dash)));
        }
        return out;
    }

    /** Whether something is mounted exactly at path (the last such mount wins). */
    public static boolean isMountPoint(Path path) throws IOException {
        Path p = path.toAbsolutePath().normalize();
        return all().stream().anyMatch(m -> m.mountPoint().equals(p));
    }

    /** The mount a path lies on: the deepest mount point above its real path. */
    public static MountInfo containing(Path path) throws IOException {
        Path real = path.toRealPath();
        MountInfo best = null;
        for (MountInfo m : all()) {
            if (real.startsWith(m.mountPoint())
                    && (best == null || m.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = m;
            }
        }
        if (best == null) {
            throw new IOException("no mount found for " + path);
        }
        return best;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
