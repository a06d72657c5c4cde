package dev.caisson.platform.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerCodec;
import dev.caisson.engine.runtime.ContainerRepository;

/**
 * Containers in the {@code containers} table: one row each, written by one statement (so a
 * save is atomic on its own), the whole record in {@code data} as {@link ContainerCodec} JSON.
 * The unique name constraint backs the runtime's in-memory name reservation.
 */
public final class JdbcContainerRepository implements ContainerRepository {
    private final JdbcClient jdbc;

    public JdbcContainerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Container> loadAll() {
        return jdbc.sql("SELECT data FROM containers").query(String.class).list().stream()
                .map(ContainerCodec::fromJson).toList();
    }

    @Override
    public void save(Container c) {
        try {
            jdbc.sql("MERGE INTO containers (id, name, image_id, status, created, data) KEY (id) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(c.id(), c.name(), c.imageId(), c.state().status().word(), utc(c.created()),
                            ContainerCodec.toJson(c))
                    .update();
        } catch (DuplicateKeyException e) {
            String owner = jdbc.sql("SELECT id FROM containers WHERE name = ?").param(c.name()).query(String.class)
                    .optional().orElse("?");
            throw new ConflictException("Conflict. The container name \"/" + c.name() + "\" is already in use by container \""
                    + owner + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
    }

    @Override
    public void delete(String id) {
        jdbc.sql("DELETE FROM containers WHERE id = ?").param(id).update();
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }
}
