package dev.caisson.web.admin;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.springframework.web.util.UriComponentsBuilder;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.platform.security.AuditLog;

/**
 * The audit page's filters as typed: a user, a piece of the action and of the target, an
 * outcome, and a time range in UTC (a datetime-local input's value, or an ISO instant). The
 * same filters make the page's query, its paging links and the CSV download's.
 */
public class AuditSearch {
    /** The outcome choices: status ranges of the audit rows. */
    enum Outcome {
        ANY(null, null), SUCCESS(100, 399), REFUSED(401, 403), FAILED(400, 599);

        final Integer from;
        final Integer to;

        Outcome(Integer from, Integer to) {
            this.from = from;
            this.to = to;
        }
    }

    private String user = "";
    private String action = "";
    private String target = "";
    private String outcome = "ANY";
    private String since = "";
    private String until = "";

    public String getUser() { return user; }
    public void setUser(String v) { user = v == null ? "" : v.trim(); }
    public String getAction() { return action; }
    public void setAction(String v) { action = v == null ? "" : v.trim(); }
    public String getTarget() { return target; }
    public void setTarget(String v) { target = v == null ? "" : v.trim(); }
    public String getOutcome() { return outcome; }
    public void setOutcome(String v) { outcome = v == null || v.isBlank() ? "ANY" : v.trim(); }
    public String getSince() { return since; }
    public void setSince(String v) { since = v == null ? "" : v.trim(); }
    public String getUntil() { return until; }
    public void setUntil(String v) { until = v == null ? "" : v.trim(); }

    /** The log's query: newest first, a page of this many before this entry ID (null: the newest). */
    AuditLog.Query query(Long before, int limit) {
        Outcome o;
        try {
            o = Outcome.valueOf(outcome);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("unknown outcome " + outcome + ": ANY, SUCCESS, REFUSED or FAILED");
        }
        return new AuditLog.Query(user.isEmpty() ? null : user, contains(action), contains(target), instant(since, "since"),
                instant(until, "until"), o.from, o.to, before, limit);
    }

    /** These filters as a query string (for the paging links and the CSV download), plus more parameters. */
    String link(String path, Object... more) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(path);
        add(b, "user", user);
        add(b, "action", action);
        add(b, "target", target);
        add(b, "outcome", outcome.equals("ANY") ? "" : outcome);
        add(b, "since", since);
        add(b, "until", until);
        for (int i = 0; i < more.length; i += 2) {
            b.queryParam(more[i].toString(), more[i + 1]);
        }
        return b.encode().build().toUriString();
    }

    private static void add(UriComponentsBuilder b, String name, String value) {
        if (!value.isEmpty()) {
            b.queryParam(name, value);
        }
    }

    /** "start" finds "container.start" and "exec.start"; a * in it is the log's own wildcard. */
    private static String contains(String s) {
        return s.isEmpty() ? null : s.contains("*") ? s : "*" + s + "*";
    }

    private static Instant instant(String s, String field) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            return s.endsWith("Z") ? Instant.parse(s) : LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidArgumentException(field + ": not a time (use 2026-01-31T13:45, UTC): " + s);
        }
    }
}
