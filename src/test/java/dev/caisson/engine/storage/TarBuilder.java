package dev.caisson.engine.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds (possibly hostile) tars in memory for tests. */
public final class TarBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    public TarBuilder() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }

    public TarBuilder dir(String name, int mode) {
        return add(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, null, e -> { });
    }

    public TarBuilder file(String name, String content, int mode) {
        return file(name, content, mode, e -> { });
    }

    public TarBuilder file(String name, String content, int mode, Consumer<TarArchiveEntry> tweak) {
        return add(name, TarConstants.LF_NORMAL, mode, content.getBytes(StandardCharsets.UTF_8), tweak);
    }

    public TarBuilder symlink(String name, String target) {
        return add(name, TarConstants.LF_SYMLINK, 0777, null, e -> e.setLinkName(target));
    }

    public TarBuilder symlink(String name, String target, Consumer<TarArchiveEntry> tweak) {
        return add(name, TarConstants.LF_SYMLINK, 0777, null, e -> {
            e.setLinkName(target);
            tweak.accept(e);
        });
    }

    public TarBuilder hardlink(String name, String target, int mode) {
        return add(name, TarConstants.LF_LINK, mode, null, e -> e.setLinkName(target));
    }

    public TarBuilder special(String name, byte type, int mode, int major, int minor) {
        return add(name, type, mode, null, e -> {
            e.setDevMajor(major);
            e.setDevMinor(minor);
        });
    }

    public TarBuilder add(String name, byte type, int mode, byte[] content, Consumer<TarArchiveEntry> tweak) {
        try {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setMode(mode);
            e.setModTime(1_600_000_000_000L);
            if (content != null) {
                e.setSize(content.length);
            }
            tweak.accept(e);
            tar.putArchiveEntry(e);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] bytes() {
        try {
            tar.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InputStream stream() {
        return new ByteArrayInputStream(bytes());
    }

    public static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }
}
