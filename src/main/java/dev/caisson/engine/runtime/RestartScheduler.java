package dev.caisson.engine.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Restarts containers after their policy's backoff: 100 ms, doubling with each consecutive
 * quick exit up to one minute; a run of 10 s or more starts the backoff over (Docker's rule).
 * One timer thread for every container.
 */
final class RestartScheduler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caisson-restart");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> consecutive = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private final Consumer<String> restart;

    RestartScheduler(Consumer<String> restart) {
        this.restart = restart;
    }

    void afterExit(String id, Instant startedAt, Instant finishedAt) {
        boolean ranLong = startedAt != null && finishedAt != null
                && Duration.between(startedAt, finishedAt).compareTo(RestartPolicy.RESET_AFTER) >= 0;
        int n = ranLong ? 0 : consecutive.getOrDefault(id, 0);
        consecutive.put(id, n + 1);
        schedule(id, RestartPolicy.delay(n));
    }

    void schedule(String id, Duration delay) {
        ScheduledFuture<?> f = timer.schedule(() -> {
            scheduled.remove(id);
            restart.accept(id);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        ScheduledFuture<?> old = scheduled.put(id, f);
        if (old != null) {
            old.cancel(false);
        }
    }

    void cancel(String id) {
        ScheduledFuture<?> f = scheduled.remove(id);
        if (f != null) {
            f.cancel(false);
        }
    }

    void resetBackoff(String id) {
        consecutive.remove(id);
    }

    void forget(String id) {
        cancel(id);
        consecutive.remove(id);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
