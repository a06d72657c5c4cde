package dev.caisson.engine.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.image.json.Json;
import dev.caisson.engine.image.json.StoreStateTemplate;

/** The library's default: the whole index as one JSON file (images/state.json), replaced atomically. */
public final class FileImageRepository implements ImageRepository {
    public static final String FILE = "state.json";

    private final Path file;

    /** @param imagesDir the image store's directory; the index is {@code imagesDir/state.json} */
    public FileImageRepository(Path imagesDir) {
        this.file = imagesDir.resolve(FILE);
    }

    @Override
    public ImageIndex load() {
        if (!Files.exists(file)) {
            return ImageIndex.empty();
        }
        StoreStateTemplate t;
        try {
            t = Json.MAPPER.readValue(Files.readAllBytes(file), StoreStateTemplate.class);
        } catch (IOException | RuntimeException e) {
            throw new SystemException("cannot read " + file, e);
        }
        Map<String, ImageIndex.Entry> images = new TreeMap<>();
        t.images.forEach((id, parent) -> {
            images.put(id, new ImageIndex.Entry(parent.isEmpty() ? null : parent, instant(t.created.get(id)),
                    instant(t.lastTagTimes.get(id))));
        });
        return new ImageIndex(images, t.tags);
    }

    private static Instant instant(String iso) {
        return iso == null ? null : Instant.parse(iso);
    }

    @Override
    public void save(ImageIndex index) {
        StoreStateTemplate t = new StoreStateTemplate();
        index.images().forEach((id, e) -> {
            t.images.put(id, e.parent() == null ? "" : e.parent());
            if (e.created() != null) {
                t.created.put(id, e.created().toString());
            }
            if (e.lastTagTime() != null) {
                t.lastTagTimes.put(id, e.lastTagTime().toString());
            }
        });
        t.tags.putAll(index.tags());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(t), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SystemException("cannot write " + file, e);
        }
    }
}
