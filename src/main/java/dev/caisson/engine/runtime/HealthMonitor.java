package dev.caisson.engine.runtime;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.caisson.engine.image.Healthcheck;

/**
 * Runs each running container's HEALTHCHECK (the container's, else the image's) as an exec at
 * its interval and records State.Health. One timer thread schedules; probes run on a small
 * pool because each waits for its process (up to its timeout).
 */
final class HealthMonitor implements AutoCloseable {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;
    private static final int MAX_OUTPUT = 4096;   // Docker keeps this much of a probe's output

    /** What the monitor needs from the runtime. */
    interface Host {
        Container get(String id);

        Process exec(String id, ExecSpec spec) throws Exception;

        /** Stores the new health; tells listeners when the status changed. */
        void record(String id, Health health, boolean statusChanged);
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "caisson-health"));
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> daemon(r, "caisson-health-probe"));
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private final Host host;
    /** Set when the platform stops: a probe cut short by the shutdown is no verdict on the container. */
    private volatile boolean closed;

    HealthMonitor(Host host) {
        this.host = host;
    }

    /** The check that applies: the container's own, else the image's; null when none or NONE. */
    static Healthcheck effective(Healthcheck container, Healthcheck image) {
        Healthcheck base = image;
        if (container != null) {
            base = base == null ? container : new Healthcheck(
                    container.test().isEmpty() ? base.test() : container.test(),
                    nonZero(container.interval(), base.interval()), nonZero(container.timeout(), base.timeout()),
                    nonZero(container.startPeriod(), base.startPeriod()),
                    container.retries() > 0 ? container.retries() : base.retries());
        }
        if (base == null || base.test().isEmpty() || base.test().get(0).equals("NONE")) {
            return null;
        }
        return base;
    }

    /**
     * Starts probing a container: one that just started begins "starting"; one adopted by a
     * restarted platform (resume) keeps the health it had, as Docker's live restore does, so a
     * healthy service does not read "starting" again for an interval.
     */
    void begin(String id, Healthcheck hc, Instant startedAt, boolean resume) {
        cancel(id);
        if (!resume || host.get(id).state().health() == null) {
            host.record(id, Health.starting(), false);   // Docker reports changes to healthy or unhealthy only
        }
        Duration interval = nonZero(hc.interval(), DEFAULT_INTERVAL);
        scheduled.put(id, timer.scheduleWithFixedDelay(() -> probes.execute(() -> probe(id, hc, startedAt)),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS));
    }

    void cancel(String id) {
        ScheduledFuture<?> f = scheduled.remove(id);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void probe(String id, Healthcheck hc, Instant startedAt) {
        Container c;
        try {
            c = host.get(id);
        } catch (RuntimeException e) {
            cancel(id);
            return;
        }
        if (c.state().status() != ContainerState.Status.RUNNING || c.state().health() == null) {
            return;   // paused containers are not probed; a stopped one is cancelled by its exit
        }
        Instant start = Instant.now();
        int code;
        String output;
        List<String> test = hc.test();
        List<String> cmd = test.get(0).equals("CMD-SHELL") ? List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())))
                : test.get(0).equals("CMD") ? test.subList(1, test.size()) : test;
        Duration timeout = nonZero(hc.timeout(), DEFAULT_TIMEOUT);
        try {
            Process p = host.exec(id, new ExecSpec(cmd, List.of(), null, null, false, false, 0, 0));
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread err = drain(p.getErrorStream(), out);
            drain(p.getInputStream(), out).join(timeout.toMillis());
            if (!p.waitFor(Math.max(1, timeout.toMillis() - Duration.between(start, Instant.now()).toMillis()),
                    TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                code = -1;
                output = "Health check exceeded timeout (" + human(timeout) + ")";
            } else {
                err.join(1000);
                code = p.exitValue();
                synchronized (out) {
                    output = out.toString(StandardCharsets.UTF_8);
                }
            }
        } catch (Exception e) {
            code = -1;
            output = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        if (closed) {
            return;   // interrupted by close(): the container keeps its health for the next platform to resume
        }
        Health before = c.state().health();
        boolean inStart = Duration.between(startedAt, start).compareTo(hc.startPeriod()) < 0;
        Health after = before.after(new Health.Probe(start, Instant.now(), code, output), inStart,
                hc.retries() > 0 ? hc.retries() : DEFAULT_RETRIES);
        host.record(id, after, !after.status().equals(before.status()));
    }

    private static Thread drain(InputStream in, ByteArrayOutputStream out) {
        Thread t = daemon(() -> {
            byte[] buf = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (out) {
                        out.write(buf, 0, Math.max(0, Math.min(n, MAX_OUTPUT - out.size())));
                    }
                }
            } catch (java.io.IOException ignored) {
                // the probe ended
            }
        }, "caisson-health-output");
        t.start();
        return t;
    }

    private static Duration nonZero(Duration d, Duration fallback) {
        return d == null || d.isZero() ? fallback : d;
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        probes.shutdownNow();
    }

}
