package dev.caisson.engine.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.image.json.Json;
import dev.caisson.engine.image.json.StoreStateTemplate;

/** The image list and tag table, persisted as one JSON file replaced atomically on save. */
final class StoreState {
    private final Path file;
    private final StoreStateTemplate t;

    StoreState(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            t = Files.exists(file) ? Json.MAPPER.readValue(Files.readAllBytes(file), StoreStateTemplate.class)
                    : new StoreStateTemplate();
        } catch (IOException e) {
            throw new SystemException("cannot read " + file, e);
        }
    }

    void save() {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(t), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SystemException("cannot write " + file, e);
        }
    }

    Set<String> imageIds() {
        return t.images.keySet();
    }

    void addImage(String id, String parent) {
        t.images.putIfAbsent(id, parent == null ? "" : parent);
    }

    void removeImage(String id) {
        t.images.remove(id);
        t.lastTagTimes.remove(id);
    }

    /** Docker's LastTagTime: set when a tag is put on the image here (a load does not count). */
    void touchTag(String id, java.time.Instant when) {
        t.lastTagTimes.put(id, when.toString());
    }

    java.time.Instant lastTagTime(String id) {
        String v = t.lastTagTimes.get(id);
        return v == null ? null : java.time.Instant.parse(v);
    }

    String parentOf(String id) {
        String p = t.images.get(id);
        return p == null || p.isEmpty() ? null : p;
    }

    List<String> children(String id) {
        return t.images.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).toList();
    }

    /** Points a tag at an image; the image it pointed at before simply loses it. */
    void tag(String ref, String id) {
        t.tags.put(ref, id);
    }

    void untag(String ref) {
        t.tags.remove(ref);
    }

    String tagged(String ref) {
        return t.tags.get(ref);
    }

    List<String> tagsOf(String id) {
        return t.tags.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).sorted().toList();
    }

}
