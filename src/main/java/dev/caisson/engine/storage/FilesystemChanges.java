package dev.caisson.engine.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
        for (Path lower : lowers) {
            Path p = lower.resolve(rel);
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                // a whiteout in a lower layer means the path is gone from the merged view there
                return !Overlay.isWhiteout(p);
            }
            // an opaque parent in this layer hides everything below it
            if (opaqueAncestor(lower, rel)) {
                return false;
            }
        }
        return false;
    }

    private static boolean opaqueAncestor(Path lower, String rel) throws IOException {
        Path parent = Path.of(rel).getParent();
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Overlay.isOpaque(lower.resolve(p))) {
                return true;
            }
        }
        return false;
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
