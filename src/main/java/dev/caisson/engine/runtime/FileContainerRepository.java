package dev.caisson.engine.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.caisson.engine.SystemException;

/**
 * The library's default store: {@code <containersDir>/<id>/config.json} beside the container's
 * bundle, replaced by an atomic rename. The bundle directory must exist before a save (the
 * runtime creates it first), and a directory without config.json is a create that crashed.
 * Name uniqueness is left to the runtime's in-memory index: files cannot enforce it.
 */
public final class FileContainerRepository implements ContainerRepository {
    public static final String CONFIG = "config.json";

    private final Path root;

    public FileContainerRepository(Path containersDir) {
        this.root = containersDir;
    }

    @Override
    public List<Container> loadAll() {
        List<Container> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                Path cfg = d.resolve(CONFIG);
                if (Files.isRegularFile(cfg)) {
                    out.add(ContainerCodec.fromJson(Files.readString(cfg, StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new SystemException("read containers in " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void save(Container c) {
        Path dir = root.resolve(c.id());
        try {
            Path tmp = dir.resolve(CONFIG + ".tmp");
            Files.writeString(tmp, ContainerCodec.toJson(c), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(CONFIG), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SystemException("persist container " + c.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String id) {
        try {
            Files.deleteIfExists(root.resolve(id).resolve(CONFIG));
        } catch (IOException e) {
            throw new SystemException("forget container " + id + ": " + e.getMessage(), e);
        }
    }
}
