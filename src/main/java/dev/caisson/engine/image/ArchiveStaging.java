package dev.caisson.engine.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.storage.Compression;
import dev.caisson.engine.storage.FileTrees;

/**
 * An image archive unpacked into a private temp dir, because its members come in any order.
 * Only regular files are written; symlinks (docker save uses them for repeated layers) are
 * remembered and resolved by name, never created, so the archive cannot point us elsewhere.
 */
final class ArchiveStaging implements Closeable {
    private final Path dir;
    private final Map<String, String> links = new HashMap<>();

    ArchiveStaging(InputStream archive, Path tmpRoot) {
        try {
            Files.createDirectories(tmpRoot);
            dir = Files.createTempDirectory(tmpRoot, "load-");
        } catch (IOException e) {
            throw new SystemException("cannot stage archive: " + e.getMessage(), e);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Compression.decompressed(archive))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String name = clean(e.getName());
                if (name.isEmpty() || e.isDirectory()) {
                    continue;
                }
                if (e.isSymbolicLink()) {
                    String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                    links.put(name, e.getLinkName().startsWith("/") ? e.getLinkName() : parent + e.getLinkName());
                } else if (e.isFile()) {
                    Path p = dir.resolve(name.replace('/', '\u2215'));  // flat: no directories to traverse
                    try (OutputStream out = Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS)) {
                        tar.transferTo(out);
                    }
                }
            }
        } catch (IOException e) {
            close();
            throw new InvalidArgumentException("unreadable image archive: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Lexically cleaned archive member name; ".." above the top is refused. */
    static String clean(String name) {
        List<String> parts = new ArrayList<>();
        for (String p : name.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    throw new InvalidArgumentException("archive member escapes the archive: " + name);
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    boolean has(String name) {
        return file(name, false) != null;
    }

    /** The staged file for a member name, following the archive's own symlinks. */
    Path file(String name) {
        Path p = file(name, true);
        return p;
    }

    private Path file(String name, boolean required) {
        String n = clean(name);
        for (int hops = 0; links.containsKey(n); hops++) {
            if (hops > 16) {
                throw new InvalidArgumentException("symlink loop in archive at " + name);
            }
            n = clean(links.get(n));
        }
        Path p = dir.resolve(n.replace('/', '\u2215'));
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            if (required) {
                throw new InvalidArgumentException("image archive lacks " + name);
            }
            return null;
        }
        return p;
    }

    byte[] read(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new SystemException("cannot read staged " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            FileTrees.deleteTree(dir);
        } catch (IOException ignored) {
            // a stale staging dir is harmless and removed with the store's tmp dir
        }
    }
}
