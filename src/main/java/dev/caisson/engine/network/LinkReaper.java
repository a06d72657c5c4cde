package dev.caisson.engine.network;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.linux.Netlink;
import dev.caisson.engine.linux.Rtnl;

/**
 * Deletes host interfaces in the background, on a netlink socket of its own, so that a slow
 * deletion (the kernel waits for an RCU grace period) never holds up a start or a stop. Usually
 * the kernel has removed the veth already, with its namespace; then there is nothing to do.
 */
final class LinkReaper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LinkReaper.class.getName());

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "caisson-link-reaper");
        t.setDaemon(true);
        return t;
    });
    private Netlink nl;

    synchronized void submit(Runnable task) {
        if (!thread.isShutdown()) {
            thread.execute(task);   // after close, the kernel alone removes the pair with its namespace
        }
    }

    /** On the reaper's thread: deletes the interface if it is still there. */
    void delete(String name) {
        try {
            if (nl == null) {
                nl = Netlink.open();   // on this thread, in the host's namespace like the engine's
            }
            Rtnl.deleteLink(nl, name);
        } catch (LinuxException e) {
            LOG.log(System.Logger.Level.WARNING, "delete " + name + ": " + e.getMessage());
        }
    }

    /** Finishes what was asked (so nothing is left when the engine closes), then stops. */
    @Override
    public synchronized void close() {
        if (thread.isShutdown()) {
            return;   // closed already (an engine may be closed twice)
        }
        thread.execute(() -> {
            if (nl != null) {
                nl.close();
            }
        });
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "host interfaces still being deleted at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
