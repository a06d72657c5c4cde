package dev.caisson.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.storage.BlobStore;
import dev.caisson.engine.storage.LayerStore;
import dev.caisson.engine.storage.RootCheck;

/** The image store on top of its {@link ImageRepository}: what it records, and that memory never runs ahead of it. */
class ImageMetadataIT {
    @TempDir
    Path tmp;

    @BeforeAll
    static void root() {
        RootCheck.requireRoot();
    }

    /** Fails saves while {@code broken} is set. */
    static final class Flaky implements ImageRepository {
        final ImageRepository inner;
        boolean broken;

        Flaky(ImageRepository inner) {
            this.inner = inner;
        }

        @Override
        public ImageIndex load() {
            return inner.load();
        }

        @Override
        public void save(ImageIndex index) {
            if (broken) {
                throw new SystemException("disk full");
            }
            inner.save(index);
        }
    }

    private ImageStore store(ImageRepository repo) {
        BlobStore blobs = new BlobStore(tmp.resolve("blobs"));
        return new ImageStore(tmp.resolve("images"), blobs, new LayerStore(tmp.resolve("layers"), blobs), repo);
    }

    private static void load(ImageStore s) throws Exception {
        try (InputStream in = Files.newInputStream(Fixtures.BUSYBOX)) {
            s.load(in);
        }
    }

    @Test
    void recordsCreationTimesAndBackfillsThemForOlderIndexes() throws Exception {
        FileImageRepository files = new FileImageRepository(tmp.resolve("images"));
        load(store(files));
        Instant created = files.load().images().get(Fixtures.BUSYBOX_ID).created();
        assertThat(created).isNotNull().isEqualTo(store(files).get("bb:latest").created());

        files.save(new ImageIndex(java.util.Map.of(Fixtures.BUSYBOX_ID, new ImageIndex.Entry(null, null, null)),
                files.load().tags()));   // as an earlier version wrote it
        store(files);
        assertThat(files.load().images().get(Fixtures.BUSYBOX_ID).created()).isEqualTo(created);
    }

    @Test
    void aFailedSaveLeavesTheStoreAsItWas() throws Exception {
        Flaky repo = new Flaky(new FileImageRepository(tmp.resolve("images")));
        ImageStore s = store(repo);
        load(s);
        repo.broken = true;
        assertThatThrownBy(() -> s.tag("bb:latest", "other:1")).hasMessage("disk full");
        assertThatThrownBy(() -> s.untag("bb:latest")).hasMessage("disk full");
        assertThat(s.get("bb:latest").repoTags()).containsExactly("bb:latest");
        assertThat(s.find("other:1")).isEmpty();
        repo.broken = false;
        s.tag("bb:latest", "other:1");
        assertThat(store(repo).get("other:1").repoTags()).containsExactly("bb:latest", "other:1");
    }
}
