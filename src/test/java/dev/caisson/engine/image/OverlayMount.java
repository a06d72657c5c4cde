package dev.caisson.engine.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import dev.caisson.engine.linux.Linux;

/** A test overlay mount of image layers with a fresh upper dir; close() always unmounts. */
final class OverlayMount implements AutoCloseable {
    final Path merged;
    final Path upper;

    OverlayMount(Path base, List<Path> lowerDirs) throws IOException {
        merged = Files.createDirectories(base.resolve("merged"));
        upper = Files.createDirectories(base.resolve("upper"));
        Path work = Files.createDirectories(base.resolve("work"));
        String lower = lowerDirs.stream().map(Path::toString).collect(Collectors.joining(":"));
        Linux.mount("overlay", merged, "overlay", 0, "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
    }

    @Override
    public void close() throws IOException {
        Linux.unmount(merged, Linux.MNT_DETACH);
    }

    static List<String> ls(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
