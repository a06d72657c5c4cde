package dev.caisson.engine.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.InvalidArgumentException;

/**
 * Maps tar entry names onto a directory without ever leaving it. The directory is private to
 * the extractor while it works, so checking each component with NOFOLLOW and then acting on it
 * is not racy: only this code creates things there.
 */
final class SafeTarget {
    private final Path root;

    SafeTarget(Path root) {
        this.root = root;
    }

    /**
     * Lexically cleans an entry name into components relative to the layer root. Absolute names
     * are taken as relative to the root, as Docker does; a {@code ..} that would climb above
     * the root is rejected outright because no honest layer contains one.
     */
    static List<String> components(String name) {
        List<String> out = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (out.isEmpty()) {
                    throw new InvalidArgumentException("layer entry escapes the layer root: " + name);
                }
                out.remove(out.size() - 1);
            } else {
                out.add(part);
            }
        }
        return out;
    }

    /**
     * The real directory for the given parent components. Missing directories are created;
     * a symlink or non-directory in the way is refused, because writing through it could
     * reach outside the root.
     */
    Path parentDir(List<String> parent, boolean create) throws IOException {
        Path cur = root;
        for (String c : parent) {
            cur = cur.resolve(c);
            BasicFileAttributes a = lstat(cur);
            if (a == null) {
                if (!create) {
                    throw new InvalidArgumentException("layer entry refers to missing path: " + root.relativize(cur));
                }
                Files.createDirectory(cur);
            } else if (a.isSymbolicLink()) {
                throw new InvalidArgumentException("layer entry passes through symlink: " + root.relativize(cur));
            } else if (!a.isDirectory()) {
                throw new InvalidArgumentException("layer entry passes through non-directory: " + root.relativize(cur));
            }
        }
        return cur;
    }

    /** Resolves a full entry name, its parents checked (and created if asked). */
    Path resolve(List<String> parts, boolean createParents) throws IOException {
        if (parts.isEmpty()) {
            return root;
        }
        Path parent = parentDir(parts.subList(0, parts.size() - 1), createParents);
        return parent.resolve(parts.get(parts.size() - 1));
    }

    /** File attributes without following a final symlink, or null when nothing is there. */
    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }
}
