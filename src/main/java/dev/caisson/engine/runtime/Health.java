package dev.caisson.engine.runtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A container's health as Docker reports it (State.Health): status, failing streak, the last five probes. */
public record Health(String status, int failingStreak, List<Probe> log) {
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    static final int KEEP = 5;

    public Health {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** One run of the check command. */
    public record Probe(Instant start, Instant end, int exitCode, String output) {
    }

    static Health starting() {
        return new Health(STARTING, 0, List.of());
    }

    /**
     * Docker's rules: a success makes it healthy; failures count only after the start period
     * (or once it was healthy), and `retries` of them in a row make it unhealthy.
     */
    Health after(Probe p, boolean inStartPeriod, int retries) {
        List<Probe> l = new ArrayList<>(log);
        l.add(p);
        while (l.size() > KEEP) {
            l.remove(0);
        }
        if (p.exitCode() == 0) {
            return new Health(HEALTHY, 0, l);
        }
        if (inStartPeriod && status.equals(STARTING)) {
            return new Health(status, failingStreak, l);
        }
        int streak = failingStreak + 1;
        return new Health(streak >= retries ? UNHEALTHY : status, streak, l);
    }
}
