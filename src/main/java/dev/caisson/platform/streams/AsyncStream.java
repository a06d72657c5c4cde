package dev.caisson.platform.streams;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A long response (logs -f, stats, events) that holds no request thread: the handler starts
 * servlet async mode and returns; producers on a shared thread {@link #send} chunks, which
 * are written with non-blocking servlet I/O. A slow client never blocks a producer: its
 * chunks wait here ({@link #backlog}) until Tomcat reports the socket writable again.
 */
public final class AsyncStream implements WriteListener, AsyncListener {
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long backlog;
    private boolean flushNeeded = true;   // the first flush sends the headers at once
    private boolean writable;   // Tomcat has called onWritePossible once
    private volatile boolean closing;
    private volatile boolean done;
    private volatile Runnable onDone;
    private final AtomicBoolean doneRun = new AtomicBoolean();

    private AsyncStream(AsyncContext async) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
    }

    /** Status and content type are set here; nothing may be written to the response outside this stream. */
    public static AsyncStream start(HttpServletRequest req, HttpServletResponse res, String contentType) throws IOException {
        res.setStatus(200);
        res.setContentType(contentType);
        AsyncContext ctx = req.startAsync(req, res);
        ctx.setTimeout(0);
        AsyncStream s = new AsyncStream(ctx);
        ctx.addListener(s);
        s.out.setWriteListener(s);   // Tomcat calls onWritePossible once the handler has returned
        return s;
    }

    /** What to run once the response is over (finished, failed or the client went away). */
    public void onDone(Runnable r) {
        this.onDone = r;
        afterUnlock();
    }

    public boolean isOpen() {
        return !done && !closing;
    }

    /** Bytes queued but not yet handed to the socket: producers pause reading above a limit. */
    public synchronized long backlog() {
        return backlog;
    }

    public void send(byte[] chunk) {
        synchronized (this) {
            if (done || closing || chunk.length == 0) {
                return;
            }
            pending.add(chunk);
            backlog += chunk.length;
            drain();
        }
        afterUnlock();
    }

    /** Ends the response once everything queued is written. */
    public void close() {
        synchronized (this) {
            if (!done && !closing) {
                closing = true;
                drain();
            }
        }
        afterUnlock();
    }

    @Override
    public void onWritePossible() {
        synchronized (this) {
            writable = true;
            drain();
        }
        afterUnlock();
    }

    @Override
    public void onError(Throwable t) {
        fail();
    }

    @Override
    public void onError(AsyncEvent event) {
        fail();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        fail();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        done = true;
        afterUnlock();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    /** Writes while the socket takes data; completes the response once closing and empty. Caller holds the lock. */
    private void drain() {
        // before Tomcat's first onWritePossible (it comes once the handler has returned) the
        // stream only queues: asking isReady() from another thread while the request thread is
        // still inside the servlet can lose the write-possible notification
        if (done || !writable) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] b = pending.poll();
                if (b != null) {
                    out.write(b);
                    backlog -= b.length;
                    flushNeeded = true;
                } else if (flushNeeded) {
                    out.flush();
                    flushNeeded = false;
                } else {
                    if (closing) {
                        complete();
                    }
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            complete();   // the client went away
        }
    }

    private void complete() {
        done = true;
        pending.clear();
        backlog = 0;
        try {
            async.complete();
        } catch (IllegalStateException ignored) {
            // already completed by the container after an error
        }
    }

    private void fail() {
        synchronized (this) {
            if (!done) {
                complete();
            }
        }
        afterUnlock();
    }

    /** The done callback runs outside this stream's lock: it may take its owner's locks, whose holders call send. */
    private void afterUnlock() {
        Runnable r = onDone;
        if (done && r != null && doneRun.compareAndSet(false, true)) {
            r.run();
        }
    }
}
