package dev.caisson.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataIntegrityViolationException;

import dev.caisson.engine.image.ImageIndex;
import dev.caisson.engine.image.ImageRepository;
import dev.caisson.engine.image.ImageRepositoryContract;

class JdbcImageRepositoryTest extends ImageRepositoryContract {
    @TempDir
    Path dir;
    TestDatabase db;

    @BeforeEach
    void database() {
        db = TestDatabase.in(dir);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Override
    protected ImageRepository repository() {
        return new JdbcImageRepository(db.jdbc(), db.tx());
    }

    @Override
    protected ImageRepository reopen() {
        db = db.reopen();
        return new JdbcImageRepository(db.jdbc(), db.tx());
    }

    @Test
    void tagsAreRowsOfTheirOwn() {
        repository().save(sample());
        assertThat(db.count("images")).isEqualTo(2);
        assertThat(db.jdbc().sql("SELECT image_id FROM image_tags WHERE reference = 'me/app:1'").query(String.class).single())
                .isEqualTo(B);
    }

    @Test
    void aSaveThatFailsHalfwayWritesNothingAndTheNextSaveStillApplies() {
        ImageRepository r = repository();
        r.load();
        r.save(sample());
        Map<String, ImageIndex.Entry> images = new HashMap<>(sample().images());
        images.put(C, entry(null, null));
        Map<String, String> tags = new HashMap<>(sample().tags());
        tags.put("good:1", C);
        tags.put("dangling:1", "sha256:" + "d".repeat(64));   // no such image: the foreign key refuses it
        ImageIndex bad = index(images, tags);
        assertThatThrownBy(() -> r.save(bad)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(repository().load()).isEqualTo(sample());   // a second reader: the tables, not r's memory

        tags.remove("dangling:1");
        ImageIndex good = index(images, tags);
        r.save(good);
        assertThat(reopen().load()).isEqualTo(good);
    }
}
