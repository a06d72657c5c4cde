package dev.caisson.engine.runtime;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Talks to one container's shim over its unix socket (protocol in ShimProtocol / supervise.c). */
final class ShimClient {
    private final Path socket;

    ShimClient(Path socket) {
        this.socket = socket;
    }

    SocketChannel connect() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    /** True when a shim answers on the socket (the container is alive). */
    boolean alive() {
        try {
            return request(new byte[]{ShimProtocol.STATUS}).startsWith("running");
        } catch (IOException e) {
            return false;
        }
    }

    void signal(int signal) throws IOException {
        request(new byte[]{ShimProtocol.KILL, (byte) signal});
    }

    void resize(int rows, int cols) throws IOException {
        request(new byte[]{ShimProtocol.RESIZE, (byte) (rows >> 8), (byte) rows, (byte) (cols >> 8), (byte) cols});
    }

    /** Opens an attach stream; the caller owns the channel (frames in, raw stdin out). */
    SocketChannel attach(boolean stdin, boolean stdout, boolean stderr) throws IOException {
        SocketChannel ch = connect();
        int flags = (stdin ? ShimProtocol.ATTACH_STDIN : 0) | (stdout ? ShimProtocol.ATTACH_STDOUT : 0)
                | (stderr ? ShimProtocol.ATTACH_STDERR : 0);
        ch.write(ByteBuffer.wrap(new byte[]{ShimProtocol.ATTACH, (byte) flags}));
        return ch;
    }

    /** Opens a wait connection: the shim writes "exit CODE OOM\n" then closes it. */
    SocketChannel openWait() throws IOException {
        SocketChannel ch = connect();
        ch.write(ByteBuffer.wrap(new byte[]{ShimProtocol.WAIT}));
        return ch;
    }

    private String request(byte[] req) throws IOException {
        try (SocketChannel ch = connect()) {
            ch.write(ByteBuffer.wrap(req));
            ByteBuffer buf = ByteBuffer.allocate(128);
            while (ch.read(buf) >= 0 && buf.hasRemaining()) {
                if (buf.position() > 0 && buf.get(buf.position() - 1) == '\n') {
                    break;
                }
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
        }
    }
}
