package dev.caisson.platform.persistence;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.RecentEvents;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Recent events in the {@code events} table, written by one background thread in the order
 * they were appended: a publisher (a container start) never waits for the database. The price
 * is that a crash can lose the last few events, which only a `since` query would have shown.
 * The table is trimmed to the newest {@code keep} rows now and then.
 */
public final class JdbcRecentEvents implements RecentEvents, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JdbcRecentEvents.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {
    };
    private static final int TRIM_EVERY = 64;

    private final JdbcClient jdbc;
    private final int keep;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "caisson-events-db");
        t.setDaemon(true);
        return t;
    });
    private int sinceTrim;

    public JdbcRecentEvents(JdbcClient jdbc, int keep) {
        this.jdbc = jdbc;
        this.keep = keep;
        trim();
    }

    @Override
    public List<DockerEvent> load(int limit) {
        List<DockerEvent> out = new ArrayList<>(jdbc.sql("SELECT time, type, action, actor_id, attributes FROM events "
                + "ORDER BY seq DESC LIMIT ?").param(limit).query((rs, n) -> new DockerEvent(rs.getString("type"),
                rs.getString("action"), rs.getString("actor_id"), JSON.readValue(rs.getString("attributes"), ATTRIBUTES),
                rs.getObject("time", OffsetDateTime.class).toInstant())).list());
        Collections.reverse(out);
        return out;
    }

    @Override
    public void append(DockerEvent e) {
        try {
            writer.execute(() -> write(e));
        } catch (RejectedExecutionException closed) {
            LOG.log(System.Logger.Level.DEBUG, "event after shutdown not stored: " + e.action());
        }
    }

    private void write(DockerEvent e) {
        try {
            jdbc.sql("INSERT INTO events (time, type, action, actor_id, attributes) VALUES (?, ?, ?, ?, ?)")
                    .params(JdbcContainerRepository.utc(e.time()), e.type(), e.action(), e.actorId(),
                            JSON.writeValueAsString(e.attributes()))
                    .update();
            if (++sinceTrim >= TRIM_EVERY) {
                trim();
            }
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "could not store event " + e.type() + " " + e.action(), ex);
        }
    }

    private void trim() {
        sinceTrim = 0;
        jdbc.sql("DELETE FROM events WHERE seq <= (SELECT MAX(seq) FROM events) - ?").param(keep).update();
    }

    /** Writes what is queued, then stops (before the database closes: this bean depends on it). */
    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "events still queued at shutdown were not stored");
        }
    }
}
