package dev.caisson.engine.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/**
 * A NETLINK_NETFILTER socket: how the engine talks to nf_tables without spawning {@code nft}
 * (a process costs ~3 ms; a batch over this socket ~0.1 ms). The socket belongs to the network
 * namespace of the thread that opened it, so a caller inside {@link NetnsExecutor} edits that
 * namespace's rules. The bytes are built elsewhere (dev.caisson.engine.nftables); this class
 * only sends them and reads the kernel's acknowledgements and dumps.
 *
 * <p>Keep one open rather than one per batch: closing a netfilter netlink socket waits until
 * the kernel has freed what earlier transactions deleted, an RCU grace period (~10 ms here),
 * which would make every unpublish cost that much.
 */
public final class NfNetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int NETLINK_NETFILTER = 12;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLM_F_ACK_TLVS = 0x200;
    private static final int NLMSGERR_ATTR_MSG = 1;
    private static final int EINTR = 4;

    static final NetLibC LIBC = LibraryLoader.create(NetLibC.class)
            .load(Platform.getNativePlatform().getStandardCLibraryName());
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private final int fd;
    private final byte[] buffer = new byte[65536];

    private NfNetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket in the calling thread's network namespace; replies time out after 5 s. */
    public static NfNetlinkSocket open() throws LinuxException {
        int fd = LIBC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
        if (fd < 0) {
            throw error("socket(AF_NETLINK, NETLINK_NETFILTER)");
        }
        NfNetlinkSocket socket = new NfNetlinkSocket(fd);
        try {
            ByteBuffer timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(5).putLong(0);
            socket.option(SOL_SOCKET, SO_RCVTIMEO, timeout.array());
            // errors carry only the failed message's header, plus the kernel's text for it
            socket.option(SOL_NETLINK, NETLINK_CAP_ACK, one());
            socket.option(SOL_NETLINK, NETLINK_EXT_ACK, one());
        } catch (LinuxException e) {
            socket.close();
            throw e;
        }
        return socket;
    }

    /**
     * Sends a batch whose messages with sequence numbers firstSeq..lastSeq all asked for an
     * acknowledgement, and waits for every one. The kernel applies a batch as one transaction:
     * on any error nothing of it stays, and the first error is thrown with its errno.
     */
    public void transact(byte[] batch, int firstSeq, int lastSeq) throws LinuxException {
        send(batch);
        int pending = lastSeq - firstSeq + 1;
        LinuxException failure = null;
        while (pending > 0) {
            ByteBuffer in = receive();
            while (in.remaining() >= 16) {
                int start = in.position();
                int len = in.getInt(start);
                int type = in.getShort(start + 4) & 0xffff;
                int flags = in.getShort(start + 6) & 0xffff;
                int seq = in.getInt(start + 8);
                if (len < 16 || start + len > in.limit()) {
                    throw new LinuxException("netlink: malformed reply", 71, "protocol error");
                }
                if (type == NLMSG_ERROR) {
                    int errno = -in.getInt(start + 16);
                    boolean ours = seq >= firstSeq - 1 && seq <= lastSeq;
                    if (errno != 0 && failure == null && ours) {
                        failure = new LinuxException("nf_tables", errno, strerror(errno) + extAck(in, start, len, flags));
                    }
                    if (seq >= firstSeq && seq <= lastSeq) {
                        pending--;
                    } else if (seq == firstSeq - 1 && errno != 0) {
                        pending = 0; // an error about the batch itself: nothing else will come
                    }
                    // anything else is a late answer to an earlier batch on this socket
                }
                in.position(start + align(len));
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Sends a dump request and returns each reply message (header included) until NLMSG_DONE. */
    public List<ByteBuffer> dump(byte[] request) throws LinuxException {
        send(request);
        List<ByteBuffer> messages = new ArrayList<>();
        while (true) {
            ByteBuffer in = receive();
            while (in.remaining() >= 16) {
                int start = in.position();
                int len = in.getInt(start);
                int type = in.getShort(start + 4) & 0xffff;
                if (len < 16 || start + len > in.limit()) {
                    throw new LinuxException("netlink: malformed reply", 71, "protocol error");
                }
                if (type == NLMSG_DONE) {
                    return messages;
                }
                if (type == NLMSG_ERROR) {
                    int errno = -in.getInt(start + 16);
                    if (errno != 0) {
                        throw new LinuxException("nf_tables dump", errno, strerror(errno));
                    }
                } else {
                    byte[] copy = new byte[len];
                    in.get(start, copy);
                    messages.add(ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()));
                }
                in.position(start + align(len));
            }
        }
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }

    private void send(byte[] bytes) throws LinuxException {
        long n = LIBC.send(fd, bytes, bytes.length, 0);
        if (n != bytes.length) {
            throw n < 0 ? error("send(netlink)") : new LinuxException("send(netlink)", 90, "short write");
        }
    }

    private ByteBuffer receive() throws LinuxException {
        while (true) {
            long n = LIBC.recv(fd, buffer, buffer.length, 0);
            if (n >= 0) {
                return ByteBuffer.wrap(buffer, 0, (int) n).order(ByteOrder.nativeOrder());
            }
            int errno = RUNTIME.getLastError();
            if (errno != EINTR) {
                throw new LinuxException("recv(netlink)", errno, strerror(errno));
            }
        }
    }

    /** The kernel's explanation after the echoed header, when it gave one (NETLINK_EXT_ACK). */
    private static String extAck(ByteBuffer in, int start, int len, int flags) {
        if ((flags & NLM_F_ACK_TLVS) == 0) {
            return "";
        }
        int pos = start + 16 + 4 + 16; // error code, then the failed message's header (NETLINK_CAP_ACK)
        while (pos + 4 <= start + len) {
            int alen = in.getShort(pos) & 0xffff;
            int atype = in.getShort(pos + 2) & 0x3fff;
            if (alen < 4 || pos + alen > start + len) {
                break;
            }
            if (atype == NLMSGERR_ATTR_MSG) {
                byte[] text = new byte[Math.max(0, alen - 5)];
                in.get(pos + 4, text);
                return " (" + new String(text, StandardCharsets.UTF_8) + ")";
            }
            pos += align(alen);
        }
        return "";
    }

    private void option(int level, int name, byte[] value) throws LinuxException {
        if (LIBC.setsockopt(fd, level, name, value, value.length) != 0) {
            throw error("setsockopt(" + level + ", " + name + ")");
        }
    }

    private static byte[] one() {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1).array();
    }

    private static int align(int len) {
        return (len + 3) & ~3;
    }

    static String strerror(int errno) {
        return LIBC.strerror(errno);
    }

    static LinuxException error(String what) {
        int errno = RUNTIME.getLastError();
        return new LinuxException(what, errno, LIBC.strerror(errno));
    }
}
