package dev.caisson.engine.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import dev.caisson.engine.linux.Linux;

/** How overlayfs marks deletions in an upper dir: 0/0 char devices and the opaque xattr. */
final class Overlay {
    private static final int S_IFMT = 0170000;

    private Overlay() {
    }

    static boolean isWhiteout(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != Linux.S_IFCHR) {
            return false;
        }
        return (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS) == 0L;
    }

    static boolean isOpaque(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return Linux.getXattr(dir, LayerExtractor.OPAQUE_XATTR)
                .map(v -> v.length == 1 && v[0] == 'y').orElse(false);
    }
}
