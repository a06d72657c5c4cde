package dev.caisson.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What every {@link ImageRepository} must do; each implementation's test extends this. */
public abstract class ImageRepositoryContract {
    protected static final String A = "sha256:" + "a".repeat(64);
    protected static final String B = "sha256:" + "b".repeat(64);
    protected static final String C = "sha256:" + "c".repeat(64);

    protected abstract ImageRepository repository();

    /** The same storage opened again, as a restarted engine would. */
    protected abstract ImageRepository reopen();

    protected static ImageIndex index(Map<String, ImageIndex.Entry> images, Map<String, String> tags) {
        return new ImageIndex(images, tags);
    }

    protected static ImageIndex.Entry entry(String parent, String created) {
        return new ImageIndex.Entry(parent, created == null ? null : Instant.parse(created), null);
    }

    /** Two images (B committed from A and tagged here, A without a known time), three tags. */
    protected static ImageIndex sample() {
        return index(Map.of(A, entry(null, "2020-01-02T03:04:05.000000006Z"),
                        B, entry(A, null).withLastTagTime(Instant.parse("2020-02-01T00:00:00.5Z"))),
                Map.of("bb:latest", A, "me/app:1", B, "reg.example:5000/x/y:v2", B));
    }

    @Test
    void startsEmpty() {
        assertThat(repository().load()).isEqualTo(ImageIndex.empty());
    }

    @Test
    void savedIndexComesBackEqual() {
        ImageRepository r = repository();
        r.load();
        r.save(sample());
        assertThat(reopen().load()).isEqualTo(sample());
    }

    @Test
    void eachSaveReplacesTheWholeIndex() {
        ImageRepository r = repository();
        r.load();
        r.save(sample());
        Map<String, ImageIndex.Entry> images = new HashMap<>(sample().images());
        Map<String, String> tags = new HashMap<>(sample().tags());
        tags.put("bb:latest", B);                                  // a tag moves
        tags.remove("me/app:1");                                   // one is removed
        tags.put("new:tag", C);
        images.put(C, entry(B, "2021-01-01T00:00:00Z"));           // an image is added
        images.put(B, entry(A, "2020-06-01T00:00:00Z"));           // another gets its time (and loses its tag time)
        r.save(index(images, tags));
        images.remove(A);                                          // and one is removed with its tag
        tags.values().removeIf(A::equals);
        ImageIndex last = index(images, tags);
        r.save(last);
        assertThat(reopen().load()).isEqualTo(last);
        assertThat(last.tags()).containsEntry("bb:latest", B).doesNotContainKey("me/app:1");
    }

    @Test
    void savingAnEmptyIndexForgetsEverything() {
        ImageRepository r = repository();
        r.load();
        r.save(sample());
        r.save(ImageIndex.empty());
        assertThat(reopen().load()).isEqualTo(ImageIndex.empty());
    }
}
