package dev.caisson.platform.persistence;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.caisson.engine.runtime.ExecSpec;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exec instances in the {@code execs} table. Writes go through one background thread in the
 * order they were made, so an exec never waits for the database (its speed is a target of
 * its own); a crash can lose the last few changes.
 */
public final class JdbcExecRecords implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JdbcExecRecords.class.getName());
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** What is stored of one instance. */
    public record Row(String id, String containerId, Config config, boolean started, boolean running, Integer exitCode) {
    }

    /** The instance's fixed part, stored as JSON. */
    public record Config(ExecSpec spec, boolean attachStdin, boolean attachStdout, boolean attachStderr,
                         String detachKeys) {
    }

    private final JdbcClient jdbc;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "caisson-execs-db");
        t.setDaemon(true);
        return t;
    });

    public JdbcExecRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Row> load() {
        return jdbc.sql("SELECT id, container_id, spec, started, running, exit_code FROM execs").query((rs, n) -> {
            int code = rs.getInt("exit_code");
            return new Row(rs.getString("id"), rs.getString("container_id"),
                    JSON.readValue(rs.getString("spec"), Config.class), rs.getBoolean("started"),
                    rs.getBoolean("running"), rs.wasNull() ? null : code);
        }).list();
    }

    public void save(Row r) {
        queue(() -> jdbc.sql("MERGE INTO execs (id, container_id, spec, started, running, exit_code) KEY (id) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(r.id(), r.containerId(), JSON.writeValueAsString(r.config()), r.started(), r.running(),
                        r.exitCode())
                .update());
    }

    public void forgetContainer(String containerId) {
        queue(() -> jdbc.sql("DELETE FROM execs WHERE container_id = ?").param(containerId).update());
    }

    private void queue(Runnable write) {
        try {
            writer.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not store an exec instance", e);
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.log(System.Logger.Level.DEBUG, "exec change after shutdown not stored");
        }
    }

    /** Writes what is queued, then stops (before the database closes: this bean depends on it). */
    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.log(System.Logger.Level.WARNING, "exec changes still queued at shutdown were not stored");
        }
    }
}
