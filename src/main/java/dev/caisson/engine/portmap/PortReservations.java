package dev.caisson.engine.portmap;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;

/**
 * Holds each published host port with a socket bound to it, as Docker's port allocator does.
 * The DNAT rule takes the packets before any socket sees them, so this socket never receives
 * anything; it is there so that no other program (and no later container) can take the port,
 * and so that the kernel's own choice of ephemeral ports skips it. A TCP socket is bound but
 * not listening: a connection the rules do not catch is refused, not left in a backlog.
 *
 * <p>A port is free exactly when bind succeeds, which is also how ephemeral ports are found:
 * from the kernel's ip_local_port_range, in order from a cursor (Docker's allocator hands out
 * 32768, 32769, ... the same way), skipping ports in use.
 */
final class PortReservations {
    private static final Path LOCAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** A bound host port; release frees it. */
    record Reservation(String hostIp, int port, Protocol protocol, NetworkChannel socket) {
        void release() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a bound socket cannot fail in a way that keeps the port
            }
        }
    }

    private final int rangeStart;
    private final int rangeEnd;
    private final Map<Protocol, Integer> cursor = new EnumMap<>(Protocol.class);

    PortReservations() {
        int[] range = localRange();
        this.rangeStart = range[0];
        this.rangeEnd = range[1];
    }

    /** Binds a port for b: its fixed port, the first free one of its range, or an ephemeral one. */
    Reservation reserve(PortBinding b) {
        Protocol p = b.protocol();
        if (!b.ephemeral()) {
            boolean single = b.hostPortStart() == b.hostPortEnd();
            for (int port = b.hostPortStart(); port <= b.hostPortEnd(); port++) {
                Reservation r = tryBind(b.hostIp(), port, p, single);
                if (r != null) {
                    return r;
                }
            }
            throw new ConflictException("Bind for " + b.shownHostIp() + ":" + b.hostPortStart() + "-" + b.hostPortEnd()
                    + " failed: all ports are allocated");
        }
        int size = rangeEnd - rangeStart + 1;
        int next = cursor.getOrDefault(p, rangeStart);
        for (int i = 0; i < size; i++) {
            int port = rangeStart + (next - rangeStart + i) % size;
            Reservation r = tryBind(b.hostIp(), port, p, false);
            if (r != null) {
                cursor.put(p, port == rangeEnd ? rangeStart : port + 1);
                return r;
            }
        }
        throw new ConflictException("no free port in the ephemeral range " + rangeStart + "-" + rangeEnd
                + "/" + p.wireName());
    }

    /** Binds exactly this port again (after a restart of the engine); null when it is taken. */
    Reservation rebind(String hostIp, int port, Protocol p) {
        try {
            return tryBind(hostIp, port, p, false);
        } catch (RuntimeException e) {
            return null; // the address is gone from the host
        }
    }

    int rangeStart() {
        return rangeStart;
    }

    int rangeEnd() {
        return rangeEnd;
    }

    private static Reservation tryBind(String hostIp, int port, Protocol p, boolean failLoudly) {
        String shown = (hostIp.isEmpty() ? "0.0.0.0" : hostIp) + ":" + port + "/" + p.wireName();
        NetworkChannel ch = null;
        try {
            InetAddress addr = InetAddress.getByName(hostIp.isEmpty() ? "0.0.0.0" : hostIp);
            if (p == Protocol.TCP) {
                ch = SocketChannel.open(StandardProtocolFamily.INET);
            } else {
                ch = DatagramChannel.open(StandardProtocolFamily.INET);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 1); // the kernel's minimum: it holds nothing
            }
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            ch.bind(new InetSocketAddress(addr, port));
            return new Reservation(hostIp, port, p, ch);
        } catch (BindException e) {
            close(ch);
            if (e.getMessage() != null && e.getMessage().contains("assign")) {
                throw new InvalidArgumentException("failed to bind host port " + shown + ": cannot assign requested address");
            }
            if (!failLoudly) {
                return null;
            }
            throw new ConflictException("failed to bind host port " + shown + ": address already in use");
        } catch (IOException e) {
            close(ch);
            throw new InvalidArgumentException("failed to bind host port " + shown + ": " + e.getMessage(), e);
        }
    }

    private static void close(NetworkChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing was bound
            }
        }
    }

    private static int[] localRange() {
        try {
            String[] parts = Files.readString(LOCAL_RANGE).trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999}; // the kernel's default
        }
    }
}
