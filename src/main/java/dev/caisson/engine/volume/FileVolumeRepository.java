package dev.caisson.engine.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.caisson.engine.SystemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The library's default store: {@code <volumesDir>/<name>/volume.json} beside the volume's
 * {@code _data}, replaced by an atomic rename. A volume directory without it is not a volume.
 */
public final class FileVolumeRepository implements VolumeRepository {
    static final String FILE = "volume.json";
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path root;

    public FileVolumeRepository(Path volumesDir) {
        this.root = volumesDir;
    }

    @Override
    public List<Volume> loadAll() {
        List<Volume> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                Path f = d.resolve(FILE);
                if (Files.isRegularFile(f)) {
                    out.add(JSON.readValue(Files.readString(f, StandardCharsets.UTF_8), Volume.class));
                }
            }
        } catch (IOException | JacksonException e) {
            throw new SystemException("read volumes in " + root + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void save(Volume v) {
        Path dir = root.resolve(v.name());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(v), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | JacksonException e) {
            throw new SystemException("persist volume " + v.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            Files.deleteIfExists(root.resolve(name).resolve(FILE));
        } catch (IOException e) {
            throw new SystemException("forget volume " + name + ": " + e.getMessage(), e);
        }
    }
}
