package dev.caisson.engine.runtime;

import java.time.Duration;

import dev.caisson.engine.InvalidArgumentException;

/**
 * Docker's restart policy: no, always, unless-stopped, on-failure[:max]. The engine applies it
 * when a container exits by itself and when the engine opens (Docker's daemon start).
 */
public record RestartPolicy(String name, int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);

    /** 100 ms doubling per consecutive restart, at most one minute (Docker's backoff). */
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    /** A container that ran this long before exiting starts its backoff from the beginning again. */
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    public RestartPolicy {
        name = name == null || name.isEmpty() ? "no" : name;
    }

    public void validate() {
        switch (name) {
            case "no", "always", "unless-stopped" -> {
                if (maximumRetryCount != 0) {
                    throw new InvalidArgumentException(
                            "invalid restart policy: maximum retry count can only be used with 'on-failure'");
                }
            }
            case "on-failure" -> {
                if (maximumRetryCount < 0) {
                    throw new InvalidArgumentException("invalid restart policy: maximum retry count cannot be negative");
                }
            }
            default -> throw new InvalidArgumentException("invalid restart policy: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
    }

    public boolean none() {
        return name.equals("no");
    }

    /** Whether an exit the container made by itself (not a stop or kill by a user) restarts it. */
    boolean restartsAfter(int exitCode, int restartCount) {
        return switch (name) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
            default -> false;
        };
    }

    /** Whether the engine starts the container when it opens (a stopped container stays stopped). */
    boolean startsWithEngine(ContainerState s) {
        if (s.running() || s.manuallyStopped() || s.status() == ContainerState.Status.CREATED) {
            return false;
        }
        return restartsAfter(s.exitCode(), s.restartCount());
    }

    static Duration delay(int consecutive) {
        long ms = FIRST_DELAY.toMillis() << Math.min(consecutive, 20);
        return Duration.ofMillis(Math.min(ms, MAX_DELAY.toMillis()));
    }
}
