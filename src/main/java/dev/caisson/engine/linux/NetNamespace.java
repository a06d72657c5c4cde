package dev.caisson.engine.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A network namespace kept alive by a bind mount of its nsfs file (as `ip netns` does), so it
 * outlives the process that made it, and the platform: a container's namespace is made before
 * its shim runs, joined by the shim, and removed by unmounting the file once the container is
 * gone. Open instances hold a descriptor of the namespace (for IFLA_NET_NS_FD and setns).
 *
 * <p>Entering a namespace changes only the calling thread, so every such step runs on a fresh
 * short-lived thread that ends right after: no pooled thread is ever left in a container's
 * namespace, and nothing has to be switched back.
 */
public final class NetNamespace implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 02000000;
    private static final int MNT_DETACH = 2;
    private static final int EINVAL = 22;
    private static final int ENOENT = 2;

    private final Path file;
    private final int fd;
    private Netlink opened;   // a socket the creating thread opened inside, handed out once
    private boolean closed;

    private NetNamespace(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    /**
     * A new, empty namespace (only a down lo) pinned at file, which must not exist yet. The
     * thread that makes it also opens the first {@link #netlink} socket inside, saving a thread.
     */
    public static NetNamespace create(Path file) throws IOException {
        return create(file, Map.of());
    }

    /**
     * Like {@link #create(Path)}, with sysctls written inside the new namespace first (keys as
     * paths under /proc/sys, e.g. "net/ipv6/conf/all/disable_ipv6"): /proc/sys/net shows the
     * namespace of the thread that opens it, which is only ever the creating thread's here.
     */
    public static NetNamespace create(Path file, Map<String, String> sysctls) throws IOException {
        Files.createDirectories(file.getParent());
        Files.createFile(file);
        Netlink inside;
        try {
            inside = onFreshThread(() -> {
                check(Netlink.LIBC.unshare(CLONE_NEWNET), "unshare network namespace");
                check(Netlink.LIBC.mount("/proc/thread-self/ns/net", file.toString(), "none", Linux.MS_BIND, null),
                        "bind network namespace to " + file);
                for (Map.Entry<String, String> s : sysctls.entrySet()) {
                    Path p = Path.of("/proc/sys", s.getKey());
                    if (Files.exists(p)) {
                        Files.writeString(p, s.getValue());
                    }
                }
                return Netlink.open();
            });
        } catch (IOException | RuntimeException e) {
            remove(file);
            throw e;
        }
        try {
            NetNamespace ns = open(file);
            ns.opened = inside;
            return ns;
        } catch (LinuxException e) {
            inside.close();
            remove(file);
            throw e;
        }
    }

    /** Opens an existing namespace file (a pinned one, or /proc/PID/ns/net). */
    public static NetNamespace open(Path file) throws LinuxException {
        int fd = Netlink.LIBC.open(file.toString(), O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw Netlink.error("open network namespace " + file, Netlink.RUNTIME.getLastError());
        }
        return new NetNamespace(file, fd);
    }

    public Path file() {
        return file;
    }

    /** The namespace's descriptor, valid until close (for IFLA_NET_NS_FD). */
    public int fd() {
        return fd;
    }

    /** A netlink socket whose requests act inside this namespace (from any thread). */
    public Netlink netlink() throws IOException {
        synchronized (this) {
            if (opened != null) {
                Netlink n = opened;
                opened = null;
                return n;
            }
        }
        return inside(Netlink::open);
    }

    /**
     * Runs work on a fresh thread that has entered this namespace, and returns its result (other
     * code uses {@link NetnsExecutor}, whose one thread returns home after each task). What
     * it opens stays in the namespace whichever thread uses it later (a socket bound to the
     * container's 127.0.0.11, say); the thread itself ends right after.
     */
    <T> T inside(Work<T> work) throws IOException {
        return onFreshThread(() -> {
            check(Netlink.LIBC.setns(fd, CLONE_NEWNET), "enter network namespace " + file);
            return work.run();
        });
    }

    /**
     * Unpins a namespace made by {@link #create} and deletes its file; it ends once no process
     * is left in it. Nothing happens when the file is already gone.
     */
    public static void remove(Path file) throws IOException {
        if (Netlink.LIBC.umount2(file.toString(), MNT_DETACH) != 0) {
            int errno = Netlink.RUNTIME.getLastError();
            if (errno != EINVAL && errno != ENOENT) {   // EINVAL: not a mount point (a create that failed half-way)
                throw Netlink.error("unmount network namespace " + file, errno);
            }
        }
        Files.deleteIfExists(file);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Netlink.LIBC.close(fd);
            if (opened != null) {
                opened.close();
            }
        }
    }

    private static void check(int rc, String what) throws LinuxException {
        if (rc != 0) {
            throw Netlink.error(what, Netlink.RUNTIME.getLastError());
        }
    }

    /** Work done inside a namespace. */
    public interface Work<T> {
        T run() throws IOException;
    }

    private static <T> T onFreshThread(Work<T> work) throws IOException {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(work.run());
            } catch (Throwable e) {
                result.set(new Failure(e));
            }
        }, "caisson-netns");
        t.setDaemon(true);
        t.start();
        PrivateMount.joinUninterruptibly(t);
        Object r = result.get();
        if (r instanceof Failure f) {
            if (f.error instanceof IOException io) {
                throw io;
            }
            if (f.error instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(f.error);
        }
        @SuppressWarnings("unchecked")
        T value = (T) r;
        return value;
    }

    private record Failure(Throwable error) {
    }
}
