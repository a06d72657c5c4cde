package dev.caisson.engine.linux;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs short tasks inside another network namespace, on one dedicated thread. A socket stays
 * in the namespace it was created in, so a task can open listeners or a netlink socket in a
 * container's namespace and hand them back to threads that never leave the host's.
 *
 * <p>Namespaces are per thread (setns(2) with CLONE_NEWNET moves only the caller), which is
 * why no other code ever runs on this thread: each task enters the target namespace, runs,
 * and returns to the namespace this executor was created in. If that return fails the thread
 * ends (the pool replaces it) rather than live on in a foreign namespace.
 */
public final class NetnsExecutor implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;

    /** Work done inside the namespace; it must not block on anything but the kernel. */
    @FunctionalInterface
    public interface Task<T> {
        T run() throws Exception;
    }

    private final int home;
    private final ThreadPoolExecutor thread;

    /** The namespace the calling thread is in becomes the one every task returns to. */
    public NetnsExecutor() throws LinuxException {
        this.home = openNs(Path.of("/proc/thread-self/ns/net"));
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "caisson-netns");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs task inside the namespace bound at netns (a /run/netns file or /proc/PID/ns/net). */
    public <T> T call(Path netns, Task<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        thread.execute(() -> inside(netns, task, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    private <T> void inside(Path netns, Task<T> task, CompletableFuture<T> result) {
        int target;
        try {
            target = openNs(netns);
        } catch (LinuxException e) {
            result.completeExceptionally(e);
            return;
        }
        try {
            enter(target, netns.toString());
            result.complete(task.run());
        } catch (Throwable e) {
            result.completeExceptionally(e);
        } finally {
            NfNetlinkSocket.LIBC.close(target);
            try {
                enter(home, "the engine's namespace");
            } catch (LinuxException e) {
                result.completeExceptionally(e);
                // never run another task from a foreign namespace: end this thread
                throw new IllegalStateException("cannot return to the engine's network namespace", e);
            }
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        NfNetlinkSocket.LIBC.close(home);
    }

    private static void enter(int fd, String what) throws LinuxException {
        if (NfNetlinkSocket.LIBC.setns(fd, CLONE_NEWNET) != 0) {
            throw NfNetlinkSocket.error("setns(" + what + ")");
        }
    }

    private static int openNs(Path path) throws LinuxException {
        byte[] bytes = (path.toString() + "\0").getBytes(StandardCharsets.UTF_8);
        int fd = NfNetlinkSocket.LIBC.open(bytes, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) {
            throw NfNetlinkSocket.error("open " + path);
        }
        return fd;
    }
}
