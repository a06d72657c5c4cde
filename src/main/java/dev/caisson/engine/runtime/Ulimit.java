package dev.caisson.engine.runtime;

import java.util.Map;

import dev.caisson.engine.InvalidArgumentException;

/** A resource limit as Docker's --ulimit name=soft[:hard]. */
public record Ulimit(String name, long soft, long hard) {
    /** RLIMIT_* numbers on Linux x86_64/arm64. */
    private static final Map<String, Integer> RESOURCES = Map.ofEntries(
            Map.entry("cpu", 0), Map.entry("fsize", 1), Map.entry("data", 2), Map.entry("stack", 3),
            Map.entry("core", 4), Map.entry("rss", 5), Map.entry("nproc", 6), Map.entry("nofile", 7),
            Map.entry("memlock", 8), Map.entry("as", 9), Map.entry("locks", 10), Map.entry("sigpending", 11),
            Map.entry("msgqueue", 12), Map.entry("nice", 13), Map.entry("rtprio", 14), Map.entry("rttime", 15));

    public Ulimit {
        if (!RESOURCES.containsKey(name)) {
            throw new InvalidArgumentException("invalid ulimit type: " + name);
        }
        if (hard >= 0 && soft > hard) {
            throw new InvalidArgumentException("ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
        }
    }

    int resource() {
        return RESOURCES.get(name);
    }
}
