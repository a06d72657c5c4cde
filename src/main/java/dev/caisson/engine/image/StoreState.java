package dev.caisson.engine.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The image list and tag table being edited, on top of the last saved {@link ImageIndex}.
 * Callers change it and then {@link #save}; a failed save puts back the saved version, so
 * memory never runs ahead of what is stored.
 */
final class StoreState {
    private final ImageRepository repository;
    private ImageIndex saved;
    private Map<String, ImageIndex.Entry> images;
    private Map<String, String> tags;

    StoreState(ImageRepository repository) {
        this.repository = repository;
        revert(repository.load());
    }

    void save() {
        ImageIndex next = new ImageIndex(images, tags);
        try {
            repository.save(next);
        } catch (RuntimeException e) {
            revert(saved);
            throw e;
        }
        saved = next;
    }

    private void revert(ImageIndex to) {
        saved = to;
        images = new TreeMap<>(to.images());
        tags = new TreeMap<>(to.tags());
    }

    Set<String> imageIds() {
        return images.keySet();
    }

    void addImage(String id, String parent, Instant created) {
        images.putIfAbsent(id, new ImageIndex.Entry(parent, created, null));
    }

    void removeImage(String id) {
        images.remove(id);
    }

    /** Docker's LastTagTime: set when a tag is put on the image here (a load does not count). */
    void touchTag(String id, Instant when) {
        images.computeIfPresent(id, (k, e) -> e.withLastTagTime(when));
    }

    Instant lastTagTime(String id) {
        ImageIndex.Entry e = images.get(id);
        return e == null ? null : e.lastTagTime();
    }

    String parentOf(String id) {
        ImageIndex.Entry e = images.get(id);
        return e == null ? null : e.parent();
    }

    /** Images recorded before creation times were (file stores of older versions). */
    List<String> withoutCreated() {
        return images.entrySet().stream().filter(e -> e.getValue().created() == null).map(Map.Entry::getKey).toList();
    }

    void setCreated(String id, Instant created) {
        images.computeIfPresent(id, (k, e) -> e.withCreated(created));
    }

    List<String> children(String id) {
        return images.entrySet().stream().filter(e -> id.equals(e.getValue().parent())).map(Map.Entry::getKey).toList();
    }

    /** Points a tag at an image; the image it pointed at before simply loses it. */
    void tag(String ref, String id) {
        tags.put(ref, id);
    }

    void untag(String ref) {
        tags.remove(ref);
    }

    String tagged(String ref) {
        return tags.get(ref);
    }

    List<String> tagsOf(String id) {
        return tags.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).sorted().toList();
    }
}
