package dev.caisson.engine.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

import dev.caisson.engine.SystemException;

/**
 * The size Docker reports for a directory (a container's SizeRw): the apparent sizes of the
 * files in it, each hard-linked inode counted once, symlinks not followed, directories not
 * counted. Files vanishing during the walk (a running container) are skipped.
 */
public final class DiskUsage {
    private DiskUsage() {
    }

    public static long of(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long[] total = {0};
        Set<Object> inodes = new HashSet<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                    if (!a.isDirectory() && (a.fileKey() == null || inodes.add(a.fileKey()))) {
                        total[0] += a.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            return total[0];
        } catch (IOException e) {
            throw new SystemException("disk usage of " + dir + ": " + e.getMessage(), e);
        }
        return total[0];
    }
}
