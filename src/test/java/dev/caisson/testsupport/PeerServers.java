package dev.caisson.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.linux.NetnsExecutor;

/**
 * Tiny servers inside a {@link ScratchNetwork.Peer}'s namespace, in place of a container's: a
 * TCP server that writes one greeting line and closes, and a UDP server that echoes with a
 * prefix. Their sockets are opened inside the namespace and served from test threads.
 */
public final class PeerServers implements AutoCloseable {
    private final List<java.nio.channels.Channel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final NetnsExecutor netns;

    public PeerServers() throws IOException {
        this.netns = new NetnsExecutor();
    }

    /** Opens something inside the peer's namespace (a client socket, for a test "in the container"). */
    public <T> T inside(ScratchNetwork.Peer peer, NetnsExecutor.Task<T> task) throws Exception {
        return netns.call(peer.netns(), task);
    }

    public void greeter(ScratchNetwork.Peer peer, int port, String greeting) throws Exception {
        ServerSocketChannel server = inside(peer, () -> ServerSocketChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("0.0.0.0", port)));
        channels.add(server);
        start("greeter-" + port, () -> {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    c.write(ByteBuffer.wrap((greeting + "\n").getBytes(StandardCharsets.UTF_8)));
                }
            }
        });
    }

    public void udpEcho(ScratchNetwork.Peer peer, int port) throws Exception {
        udpEcho(peer, port, "echo:");
    }

    /** Answers every datagram with prefix + its content. */
    public void udpEcho(ScratchNetwork.Peer peer, int port, String prefix) throws Exception {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        DatagramChannel server = inside(peer, () -> DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("0.0.0.0", port)));
        channels.add(server);
        start("udp-echo-" + port, () -> {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            while (true) {
                buf.clear();
                SocketAddress from = server.receive(buf);
                buf.flip();
                ByteBuffer reply = ByteBuffer.allocate(buf.remaining() + head.length);
                reply.put(head).put(buf).flip();
                server.send(reply, from);
            }
        });
    }

    private interface Loop {
        void run() throws IOException;
    }

    private void start(String name, Loop loop) {
        Thread t = new Thread(() -> {
            try {
                loop.run();
            } catch (ClosedChannelException e) {
                // closed by close()
            } catch (IOException e) {
                e.printStackTrace();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    @Override
    public void close() throws Exception {
        for (var c : channels) {
            c.close();
        }
        for (Thread t : threads) {
            t.join(2000);
        }
        netns.close();
    }
}
