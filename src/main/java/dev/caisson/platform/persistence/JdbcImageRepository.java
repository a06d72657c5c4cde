package dev.caisson.platform.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.caisson.engine.image.ImageIndex;
import dev.caisson.engine.image.ImageRepository;

/**
 * The image index in {@code images} and {@code image_tags}. A save writes only the difference
 * from the index last loaded or saved (a tag is one row, not a rewrite of everything), in one
 * transaction. This platform is the only writer of its database, so that index is what the
 * tables hold.
 */
public final class JdbcImageRepository implements ImageRepository {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private ImageIndex stored;

    public JdbcImageRepository(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public synchronized ImageIndex load() {
        Map<String, ImageIndex.Entry> images = new HashMap<>();
        jdbc.sql("SELECT id, parent, created, last_tag_time FROM images").query(rs -> {
            images.put(rs.getString("id"), new ImageIndex.Entry(rs.getString("parent"),
                    instant(rs.getObject("created", OffsetDateTime.class)),
                    instant(rs.getObject("last_tag_time", OffsetDateTime.class))));
        });
        Map<String, String> tags = new HashMap<>();
        jdbc.sql("SELECT reference, image_id FROM image_tags").query(rs -> {
            tags.put(rs.getString("reference"), rs.getString("image_id"));
        });
        stored = new ImageIndex(images, tags);
        return stored;
    }

    @Override
    public synchronized void save(ImageIndex next) {
        ImageIndex before = stored != null ? stored : load();
        tx.executeWithoutResult(s -> {
            // images first and tags after (a tag needs its image), removed images last
            next.images().forEach((id, e) -> {
                ImageIndex.Entry old = before.images().get(id);
                if (old == null) {
                    jdbc.sql("INSERT INTO images (id, parent, created, last_tag_time) VALUES (?, ?, ?, ?)")
                            .params(id, e.parent(), utc(e.created()), utc(e.lastTagTime())).update();
                } else if (!old.equals(e)) {
                    jdbc.sql("UPDATE images SET parent = ?, created = ?, last_tag_time = ? WHERE id = ?")
                            .params(e.parent(), utc(e.created()), utc(e.lastTagTime()), id).update();
                }
            });
            next.tags().forEach((ref, id) -> {
                if (!Objects.equals(before.tags().get(ref), id)) {
                    jdbc.sql("MERGE INTO image_tags (reference, image_id) KEY (reference) VALUES (?, ?)").params(ref, id).update();
                }
            });
            before.tags().keySet().stream().filter(ref -> !next.tags().containsKey(ref)).forEach(ref ->
                    jdbc.sql("DELETE FROM image_tags WHERE reference = ?").param(ref).update());
            before.images().keySet().stream().filter(id -> !next.images().containsKey(id)).forEach(id ->
                    jdbc.sql("DELETE FROM images WHERE id = ?").param(id).update());
        });
        stored = next;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return JdbcContainerRepository.utc(t);
    }
}
