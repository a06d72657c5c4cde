package dev.caisson.platform.persistence;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.volume.Volume;
import dev.caisson.engine.volume.VolumeRepository;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Volumes in the {@code volumes} table: one row each, written by one statement; labels and options as JSON objects. */
public final class JdbcVolumeRepository implements VolumeRepository {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    public JdbcVolumeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Volume> loadAll() {
        return jdbc.sql("SELECT name, driver, created, labels, options FROM volumes").query((rs, n) -> new Volume(
                rs.getString("name"), rs.getString("driver"), rs.getObject("created", OffsetDateTime.class).toInstant(),
                map(rs.getString("labels")), map(rs.getString("options")))).list();
    }

    @Override
    public void save(Volume v) {
        jdbc.sql("MERGE INTO volumes (name, driver, created, labels, options) KEY (name) VALUES (?, ?, ?, ?, ?)")
                .params(v.name(), v.driver(), JdbcContainerRepository.utc(v.createdAt()), json(v.labels()), json(v.options()))
                .update();
    }

    @Override
    public void delete(String name) {
        jdbc.sql("DELETE FROM volumes WHERE name = ?").param(name).update();
    }

    private static String json(Map<String, String> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JacksonException e) {
            throw new SystemException("encode volume metadata: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, String> map(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JacksonException e) {
            throw new SystemException("decode volume metadata: " + e.getOriginalMessage(), e);
        }
    }
}
