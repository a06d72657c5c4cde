package dev.caisson.engine.linux;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A mount no other process sees and nothing has to undo: a one-off thread unshares its mount
 * namespace, mounts, opens the mount's root and exits. The namespace dies with the thread, but
 * the open descriptor keeps the (now detached) mount usable; closing it releases the mount.
 * So a crash in the middle leaves no mount behind on the host.
 */
public final class PrivateMount {
    private PrivateMount() {
    }

    /** Mounts at target (an existing directory) and returns an O_PATH descriptor of the mount's root. */
    public static Fd mount(String source, Path target, String fstype, long flags, String data) throws LinuxException {
        AtomicReference<Object> result = new AtomicReference<>();
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
        }, "caisson-private-mount");
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();   // short; waited for even when interrupted, so its descriptor cannot leak
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Object r = result.get();
        if (r instanceof Fd fd) {
            return fd;
        }
        if (r instanceof LinuxException e) {
            throw e;
        }
        throw new IllegalStateException("private mount of " + target + " failed", (Throwable) r);
    }
}
