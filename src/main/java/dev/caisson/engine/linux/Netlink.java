package dev.caisson.engine.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/**
 * A NETLINK_ROUTE socket: requests are sent and their acknowledgement (or errno) awaited, dumps
 * read until NLMSG_DONE. A socket belongs to the network namespace it was opened in, whichever
 * thread uses it later: {@link NetNamespace} opens one inside a container's namespace. One
 * caller at a time (methods are synchronized).
 */
public final class Netlink implements AutoCloseable {
    static final RtnlLibC LIBC = LibraryLoader.create(RtnlLibC.class).load(Platform.getNativePlatform().getStandardCLibraryName());
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int NETLINK_ROUTE = 0;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int EINTR = 4;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;

    private final int fd;
    private final byte[] rx = new byte[65536];
    private int seq;
    private boolean closed;

    private Netlink(int fd) {
        this.fd = fd;
    }

    /** A socket in the calling thread's network namespace. */
    public static Netlink open() throws LinuxException {
        int fd = LIBC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0) {
            throw error("netlink socket", RUNTIME.getLastError());
        }
        LIBC.setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, new int[]{1}, 4);   // best effort: better messages
        return new Netlink(fd);
    }

    /** Sends a request that changes something and waits for the kernel's acknowledgement. */
    public synchronized void execute(NetlinkMessage m, String what) throws LinuxException {
        int s = send(m, what);
        while (true) {
            ByteBuffer b = receive(what);
            for (int at = 0; at + NetlinkMessage.HEADER <= b.limit(); ) {
                int len = b.getInt(at);
                int type = b.getShort(at + 4) & 0xffff;
                if (type == NLMSG_ERROR && b.getInt(at + 8) == s) {
                    int err = b.getInt(at + 16);
                    if (err != 0) {
                        throw error(what, -err);
                    }
                    return;
                }
                if (len < NetlinkMessage.HEADER) {
                    break;
                }
                at += NetlinkMessage.align(len);
            }
        }
    }

    /**
     * Sends a dump request (NLM_F_DUMP) and returns each reply message's payload (after the
     * 16-byte header) as its own buffer, positioned at 0.
     */
    public synchronized List<ByteBuffer> dump(NetlinkMessage m, String what) throws LinuxException {
        int s = send(m, what);
        List<ByteBuffer> out = new ArrayList<>();
        while (true) {
            ByteBuffer b = receive(what);
            for (int at = 0; at + NetlinkMessage.HEADER <= b.limit(); ) {
                int len = b.getInt(at);
                int type = b.getShort(at + 4) & 0xffff;
                if (len < NetlinkMessage.HEADER || b.getInt(at + 8) != s) {
                    break;
                }
                if (type == NLMSG_DONE) {
                    return out;
                }
                if (type == NLMSG_ERROR) {
                    int err = b.getInt(at + 16);
                    if (err != 0) {
                        throw error(what, -err);
                    }
                    return out;
                }
                byte[] payload = new byte[len - NetlinkMessage.HEADER];
                b.get(at + NetlinkMessage.HEADER, payload);
                out.add(ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder()));
                at += NetlinkMessage.align(len);
            }
        }
    }

    private int send(NetlinkMessage m, String what) throws LinuxException {
        int s = ++seq;
        byte[] bytes = m.build(s);
        while (LIBC.send(fd, bytes, bytes.length, 0) < 0) {
            int errno = RUNTIME.getLastError();
            if (errno != EINTR) {
                throw error(what, errno);
            }
        }
        return s;
    }

    private ByteBuffer receive(String what) throws LinuxException {
        long n;
        while ((n = LIBC.recv(fd, rx, rx.length, 0)) < 0) {
            int errno = RUNTIME.getLastError();
            if (errno != EINTR) {
                throw error(what, errno);
            }
        }
        return ByteBuffer.wrap(rx, 0, (int) n).slice().order(ByteOrder.nativeOrder());
    }

    static LinuxException error(String what, int errno) {
        return new LinuxException(what, errno, LIBC.strerror(errno));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LIBC.close(fd);
        }
    }
}
