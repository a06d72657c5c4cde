package dev.caisson.platform.security;

import java.io.IOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The append-only audit log: who (user, token), when, action, target, outcome (HTTP status) and
 * from where, for every mutating request of every API and each exec or attach session. This
 * class has no way to change or remove a row, and the table's trigger refuses it to anyone else.
 *
 * <p>Rows are written by one background thread in the order requests recorded them, so that no
 * request waits for the database (a row is most of an exec's cost otherwise); reading waits for
 * what is queued. A crash can lose the last rows not yet written.
 */
@Service
public class AuditLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AuditLog.class.getName());

    public record Entry(long id, Instant time, String actor, String token, String via, String source, String action,
                        String method, String path, String target, int status, String detail) {
    }

    /** Which entries to show; null fields match everything; statuses from statusFrom to statusTo (inclusive). */
    public record Query(String actor, String action, String target, Instant since, Instant until, Integer statusFrom,
                        Integer statusTo, Long beforeId, int limit) {
        /** One status exactly (null: any). */
        public Query(String actor, String action, String target, Instant since, Instant until, Integer status, Long beforeId,
                     int limit) {
            this(actor, action, target, since, until, status, status, beforeId, limit);
        }
    }

    private final JdbcTemplate jdbc;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "caisson-audit-db");
        t.setDaemon(true);
        return t;
    });

    public AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records one entry for a principal (null: anonymous). Never fails the request it describes. */
    public void record(CaissonPrincipal who, String source, String action, String method, String path, String target,
                       int status, String detail) {
        Instant now = Instant.now();
        Runnable write = () -> insert(now, who, source, action, method, path, target, status, detail);
        try {
            writer.execute(write);
        } catch (RejectedExecutionException closing) {
            write.run();   // shutting down: write it here rather than lose it
        }
    }

    /** Waits until every row recorded so far is in the table. */
    public void flush() {
        try {
            writer.submit(() -> { }).get(10, TimeUnit.SECONDS);
        } catch (RejectedExecutionException closed) {
            // nothing queued any more
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "audit rows still queued: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then stops (before the database closes: this bean depends on it). */
    @Override
    public void close() throws InterruptedException {
        writer.shutdown();
        if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.log(System.Logger.Level.ERROR, "audit rows still queued at shutdown were not stored");
        }
    }

    private void insert(Instant now, CaissonPrincipal who, String source, String action, String method, String path,
                        String target, int status, String detail) {
        try {
            jdbc.update("INSERT INTO audit_log (time, actor, token, via, source, action, method, path, target, status, detail) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Timestamp.from(now),
                    who == null ? "anonymous" : who.name(), who == null ? null : who.tokenName(),
                    who == null ? "anonymous" : who.via().name().toLowerCase(java.util.Locale.ROOT),
                    cut(source == null ? "" : source, 128), cut(action, 64), method, cut(path, 2000), cut(target, 255), status,
                    cut(detail, 2000));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "audit log write failed for " + action + " " + path, e);
        }
    }

    /** Newest first, one page (beforeId pages back). */
    public List<Entry> query(Query q) {
        flush();
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1=1");
        List<Object> args = new ArrayList<>();
        where(q, sql, args);
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(Math.max(1, Math.min(q.limit() <= 0 ? 100 : q.limit(), 10_000)));
        return jdbc.query(sql.toString(), AuditLog::entry, args.toArray());
    }

    /** All matching entries as CSV, oldest first, streamed row by row. */
    public void csv(Query q, Writer out) throws IOException {
        flush();
        out.write("id,time,actor,token,via,source,action,method,path,target,status,detail\r\n");
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE 1=1");
        List<Object> args = new ArrayList<>();
        where(q, sql, args);
        sql.append(" ORDER BY id");
        IOException[] failure = new IOException[1];
        jdbc.query(sql.toString(), rs -> {
            if (failure[0] != null) {
                return;
            }
            Entry e = entry(rs, 0);
            try {
                out.write(String.join(",", Long.toString(e.id()), e.time().toString(), csv(e.actor()), csv(e.token()), csv(e.via()),
                        csv(e.source()), csv(e.action()), csv(e.method()), csv(e.path()), csv(e.target()),
                        Integer.toString(e.status()), csv(e.detail())) + "\r\n");
            } catch (IOException x) {
                failure[0] = x;
            }
        }, args.toArray());
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void where(Query q, StringBuilder sql, List<Object> args) {
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            sql.append(" AND action LIKE ?");
            args.add(q.action().replace("*", "%"));
        }
        if (q.target() != null) {
            sql.append(" AND target LIKE ?");
            args.add(q.target().replace("*", "%"));
        }
        if (q.since() != null) {
            sql.append(" AND time >= ?");
            args.add(Timestamp.from(q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND time < ?");
            args.add(Timestamp.from(q.until()));
        }
        if (q.statusFrom() != null) {
            sql.append(" AND status >= ?");
            args.add(q.statusFrom());
        }
        if (q.statusTo() != null) {
            sql.append(" AND status <= ?");
            args.add(q.statusTo());
        }
        if (q.beforeId() != null) {
            sql.append(" AND id < ?");
            args.add(q.beforeId());
        }
    }

    /** RFC 4180 quoting; a leading = + - @ is prefixed so that spreadsheets do not run it as a formula. */
    static String csv(String v) {
        if (v == null) {
            return "";
        }
        String s = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") || !s.equals(v)
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getTimestamp("time").toInstant(), rs.getString("actor"), rs.getString("token"),
                rs.getString("via"), rs.getString("source"), rs.getString("action"), rs.getString("method"),
                rs.getString("path"), rs.getString("target"), rs.getInt("status"), rs.getString("detail"));
    }
}
