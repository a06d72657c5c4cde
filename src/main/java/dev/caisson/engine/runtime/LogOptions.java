package dev.caisson.engine.runtime;

import java.time.Instant;

/**
 * Which log records to read, like `docker logs`: streams, a time window (since inclusive,
 * until exclusive; null = open), the last N records (tail < 0 = all), and whether to follow.
 */
public record LogOptions(boolean stdout, boolean stderr, Instant since, Instant until, int tail, boolean follow) {
    public static LogOptions all() {
        return new LogOptions(true, true, null, null, -1, false);
    }

    public LogOptions withTail(int n) {
        return new LogOptions(stdout, stderr, since, until, n, follow);
    }

    public LogOptions withFollow(boolean f) {
        return new LogOptions(stdout, stderr, since, until, tail, f);
    }

    public LogOptions withWindow(Instant from, Instant to) {
        return new LogOptions(stdout, stderr, from, to, tail, follow);
    }

    boolean wants(LogRecord r) {
        if (r.stream() == LogEntry.Stream.STDOUT ? !stdout : !stderr) {
            return false;
        }
        if (since != null && r.time().isBefore(since)) {
            return false;
        }
        return until == null || r.time().isBefore(until);
    }
}
