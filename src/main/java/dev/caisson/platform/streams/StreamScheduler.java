package dev.caisson.platform.streams;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one thread that feeds every long Engine API stream (log followers, stats, events
 * timers). Each stream is a step that does a bounded amount of work without blocking and
 * says when it wants to run again, so a few hundred open streams cost no request threads
 * and no thread each. Writes never block here: {@link AsyncStream} queues for slow clients.
 */
@Component
public class StreamScheduler implements DisposableBean {
    private static final System.Logger LOG = System.getLogger(StreamScheduler.class.getName());

    /** One unit of a stream's work; returns the delay in ms before the next, or a negative number when done. */
    public interface Step {
        long run() throws Exception;

        /** Called on this thread once the step will not run again (done, failed or the client left). */
        default void release() {
        }
    }

    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caisson-streams");
        t.setDaemon(true);
        return t;
    });

    /** Runs step now and again after each delay it returns, until it is done or the stream is closed. */
    public void loop(AsyncStream stream, Step step) {
        schedule(stream, step, 0);
    }

    /** Runs r once after delayMs. */
    public void after(long delayMs, Runnable r) {
        exec.schedule(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stream task failed", e);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void schedule(AsyncStream stream, Step step, long delayMs) {
        exec.schedule(() -> {
            long next = stream.isOpen() ? runQuietly(step, stream) : -1;
            if (next >= 0) {
                schedule(stream, step, next);
            } else {
                step.release();
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private static long runQuietly(Step step, AsyncStream stream) {
        try {
            return step.run();
        } catch (Exception e) {
            // the status line is long gone: all we can do is end the stream
            LOG.log(System.Logger.Level.WARNING, "stream step failed: " + e.getMessage(), e);
            stream.close();
            return -1;
        }
    }

    @Override
    public void destroy() {
        exec.shutdownNow();
    }
}
