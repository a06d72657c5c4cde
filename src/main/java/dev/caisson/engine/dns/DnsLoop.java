package dev.caisson.engine.dns;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

/**
 * The one thread that serves every container's DNS sockets: a selector over all listeners and
 * TCP sessions, plus a queue of tasks (registrations, answers that came back from upstream) so
 * that channels are only ever touched here. Answering a local name is a lookup in memory; a
 * forwarded query costs this thread nothing while it waits.
 */
final class DnsLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DnsLoop.class.getName());

    /** What a registered channel's attachment does when the channel is ready. */
    interface Ready {
        void ready(SelectionKey key) throws IOException;

        void failed(IOException e);
    }

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean open = true;

    DnsLoop() throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "caisson-dns");
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs task on the loop thread soon. */
    void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs task on the loop thread and waits for it. */
    <T> T call(Callable<T> task) throws IOException {
        if (inLoop()) {
            try {
                return task.call();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        submit(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    private void run() {
        while (open) {
            try {
                selector.select();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "DNS selector failed", e);
                return;
            }
            for (Runnable r; (r = tasks.poll()) != null; ) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "DNS task failed", e);
                }
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Ready handler = (Ready) key.attachment();
                try {
                    if (key.isValid()) {
                        handler.ready(key);
                    }
                } catch (IOException e) {
                    handler.failed(e);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "DNS handler failed", e);
                }
            }
            selector.selectedKeys().clear();
        }
    }

    @Override
    public void close() {
        open = false;
        selector.wakeup();
        try {
            thread.join(5000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // closing a selector does not fail in a way that matters here
        }
    }
}
