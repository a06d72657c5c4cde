package dev.caisson.engine.linux;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A mount no other process sees: a holder thread unshares its mount namespace (private
 * propagation), mounts, opens the mount's root and then waits until {@link #close}; the
 * namespace, and with it the mount, ends when the thread does. A crash in the middle therefore
 * leaves no mount behind on the host. The namespace is kept alive rather than leaving a
 * detached mount: on a detached mount every reference drop takes the mount lock, which makes
 * openat2(RESOLVE_IN_ROOT) fail any ".." with EAGAIN.
 */
public final class PrivateMount implements AutoCloseable {
    private final Fd root;
    private final Thread holder;
    private final CountDownLatch release;

    private PrivateMount(Fd root, Thread holder, CountDownLatch release) {
        this.root = root;
        this.holder = holder;
        this.release = release;
    }

    /** Mounts at target (an existing directory) in a private namespace. */
    public static PrivateMount mount(String source, Path target, String fstype, long flags, String data) throws LinuxException {
        AtomicReference<Object> result = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                Fd.unshareMountNamespace();
                // our mount must not propagate back to the host's namespace
                Linux.mount("none", Path.of("/"), null, Linux.MS_REC | Linux.MS_PRIVATE, null);
                Linux.mount(source, target, fstype, flags, data);
                result.set(Fd.open(target, Fd.O_PATH | Fd.O_DIRECTORY));
            } catch (Throwable e) {
                result.set(e);
            }
            ready.countDown();
            if (result.get() instanceof Fd) {
                awaitUninterruptibly(release);
            }
        }, "caisson-private-mount");
        t.setDaemon(true);
        t.start();
        awaitUninterruptibly(ready);
        Object r = result.get();
        if (r instanceof Fd fd) {
            return new PrivateMount(fd, t, release);
        }
        joinUninterruptibly(t);
        if (r instanceof LinuxException e) {
            throw e;
        }
        throw new IllegalStateException("private mount of " + target + " failed", (Throwable) r);
    }

    /** An O_PATH descriptor of the mount's root, valid until close. */
    public Fd root() {
        return root;
    }

    /** Closes the descriptor and lets the holder thread, and so the namespace and the mount, go. */
    @Override
    public void close() {
        root.close();
        release.countDown();
        joinUninterruptibly(holder);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the thread to end; an interrupt meanwhile is kept for the caller, not lost. */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
