package dev.caisson.engine.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.caisson.engine.SystemException;

/**
 * What a container changed, read from its overlay upper dir, and the same changes as a layer
 * tar for commit. Only the upper dir is walked; the lower dirs are consulted to tell an
 * added path from a changed one.
 */
public final class FilesystemChanges {
    private FilesystemChanges() {
    }

    /** The changes like {@code docker diff}, sorted by path; lowerDirs top-most first. */
    public static List<Change> changes(Path upperDir, List<Path> lowerDirs) {
        List<Change> out = new ArrayList<>();
        try {
            walk(upperDir, upperDir, lowerDirs, false, out);
        } catch (IOException e) {
            throw new SystemException("cannot read changes in " + upperDir + ": " + e.getMessage(), e);
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    /**
     * @param hidden true inside an opaque or new directory: the lower layers cannot show
     *               anything there, so everything found is an addition
     */
    private static void walk(Path upper, Path dir, List<Path> lowers, boolean hidden, List<Change> out) throws IOException {
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children = s.sorted().toList();
        }
        for (Path child : children) {
            String rel = upper.relativize(child).toString();
            String abs = "/" + rel;
            if (Overlay.isWhiteout(child)) {
                out.add(new Change(abs, Change.Kind.DELETED));
                continue;
            }
            boolean inLower = !hidden && existsInLower(lowers, rel);
            out.add(new Change(abs, inLower ? Change.Kind.CHANGED : Change.Kind.ADDED));
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                walk(upper, child, lowers, hidden || !inLower || Overlay.isOpaque(child), out);
            }
        }
    }

    private static boolean existsInLower(List<Path> lowers, String rel) throws IOException {
        List<String> parts = List.of(rel.split("/"));
        for (Path lower : lowers) {
            Boolean found = lookup(lower, parts);
            if (found != null) {
                return found;
            }
        }
        return false;
    }

    /**
     * Whether one lower layer shows the path: true, false (it hides it: a whiteout, an opaque
     * ancestor, a non-directory ancestor), or null (says nothing; ask the layer below). Walks
     * component by component without following symlinks, as overlayfs does not merge through
     * them, which also keeps the lookup inside the layer.
     */
    private static Boolean lookup(Path lower, List<String> parts) throws IOException {
        Path cur = lower;
        boolean opaqueAbove = false;
        for (int i = 0; i < parts.size(); i++) {
            cur = cur.resolve(parts.get(i));
            BasicFileAttributes a = SafeTarget.lstat(cur);
            if (a == null) {
                return opaqueAbove ? Boolean.FALSE : null;
            }
            if (Overlay.isWhiteout(cur)) {
                return false;
            }
            if (i == parts.size() - 1) {
                return true;
            }
            if (!a.isDirectory()) {
                return false;
            }
            opaqueAbove |= Overlay.isOpaque(cur);
        }
        return null;
    }

    /** A layer tar of the upper dir, with overlay whiteouts turned back into {@code .wh.} entries. */
    public static void writeLayerTar(Path upperDir, OutputStream out) {
        TreeTarWriter.write(upperDir, out, true);
    }

    /** A plain tar of a whole tree (for export): symlinks are stored as links, never followed. */
    public static void writeTreeTar(Path dir, OutputStream out) {
        TreeTarWriter.write(dir, out, false);
    }
}
