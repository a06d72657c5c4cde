package dev.caisson.engine.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * One container's embedded DNS: a UDP socket and a TCP listener created inside its network
 * namespace (on 127.0.0.11, random ports that the namespace's redirect rules point at), served
 * by the {@link DnsLoop}. Every method runs on the loop thread.
 */
final class Listener {
    /** A client may keep this many TCP connections open at once; more are closed at once. */
    private static final int MAX_TCP_SESSIONS = 32;
    private static final int UDP_BURST = 64;

    private final String containerId;
    private final NameLookup lookup;
    private final List<InetSocketAddress> upstreams;
    private final DnsLoop loop;
    private final Forwarder forwarder;
    private final DatagramChannel udp;
    private final ServerSocketChannel tcp;
    private final Set<TcpSession> sessions = new HashSet<>();
    private final ByteBuffer datagram = ByteBuffer.allocate(65535);
    private boolean closed;

    Listener(String containerId, NameLookup lookup, List<InetSocketAddress> upstreams, DnsLoop loop,
            Forwarder forwarder, DatagramChannel udp, ServerSocketChannel tcp) {
        this.containerId = containerId;
        this.lookup = lookup;
        this.upstreams = upstreams;
        this.loop = loop;
        this.forwarder = forwarder;
        this.udp = udp;
        this.tcp = tcp;
    }

    void register() throws IOException {
        udp.configureBlocking(false);
        tcp.configureBlocking(false);
        udp.register(loop.selector(), SelectionKey.OP_READ, new DnsLoop.Ready() {
            @Override
            public void ready(SelectionKey key) throws IOException {
                readDatagrams();
            }

            @Override
            public void failed(IOException e) {
                // a UDP receive error (e.g. an ICMP report) concerns one datagram, not the socket
            }
        });
        tcp.register(loop.selector(), SelectionKey.OP_ACCEPT, new DnsLoop.Ready() {
            @Override
            public void ready(SelectionKey key) throws IOException {
                accept();
            }

            @Override
            public void failed(IOException e) {
                // an aborted connection before accept: nothing to clean up
            }
        });
    }

    void close() {
        closed = true;
        closeQuietly(udp);
        closeQuietly(tcp);
        for (TcpSession s : List.copyOf(sessions)) {
            s.close();
        }
    }

    private void readDatagrams() throws IOException {
        for (int i = 0; i < UDP_BURST; i++) {
            datagram.clear();
            SocketAddress from = udp.receive(datagram);
            if (from == null) {
                return;
            }
            datagram.flip();
            byte[] bytes = new byte[datagram.remaining()];
            datagram.get(bytes);
            answer(bytes, false, reply -> sendDatagram(reply, from));
        }
    }

    private void sendDatagram(byte[] reply, SocketAddress to) {
        try {
            udp.send(ByteBuffer.wrap(reply), to); // a full send buffer drops it, as UDP may
        } catch (IOException e) {
            // the client is gone
        }
    }

    private void accept() throws IOException {
        SocketChannel c = tcp.accept();
        if (c == null) {
            return;
        }
        if (sessions.size() >= MAX_TCP_SESSIONS) {
            c.close();
            return;
        }
        c.configureBlocking(false);
        TcpSession s = new TcpSession(c, this);
        sessions.add(s);
        s.registered(c.register(loop.selector(), SelectionKey.OP_READ, s));
    }

    void sessionClosed(TcpSession s) {
        sessions.remove(s);
    }

    /**
     * Answers one query (the wire bytes): locally, or upstream, in which case reply is called
     * later, on the loop thread. Garbage and questionless queries get no answer (as in Docker):
     * false then, and reply is never called.
     */
    boolean answer(byte[] wire, boolean overTcp, Consumer<byte[]> reply) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return false;
        }
        if (query.getQuestion() == null || query.getHeader().getFlag(org.xbill.DNS.Flags.QR)) {
            return false;
        }
        int limit = overTcp ? 65535 : Answers.udpLimit(query);
        Message local = Answers.local(query, containerId, lookup);
        if (local != null) {
            reply.accept(local.toWire(limit));
            return true;
        }
        if (!lookup.forwards(containerId)) {
            reply.accept(Answers.reply(query, Rcode.SERVFAIL).toWire(limit));
            return true;
        }
        forwarder.forward(query, overTcp, upstreams).thenAccept(answer -> loop.submit(() -> {
            if (!closed) {
                reply.accept(answer.toWire(limit));
            }
        }));
        return true;
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
