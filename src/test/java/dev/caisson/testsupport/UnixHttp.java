package dev.caisson.testsupport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A raw HTTP/1.0 exchange over a unix socket (the JDK's HttpClient cannot dial one). */
public final class UnixHttp {
    private UnixHttp() {
    }

    /** The whole answer, head and body; json may be null. */
    public static String exchange(Path socket, String method, String path, String json) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String body = json == null ? "" : json;
            ch.write(ByteBuffer.wrap((method + " " + path + " HTTP/1.0\r\nHost: docker\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (ch.read(buf) >= 0) {
                if (!buf.hasRemaining()) {
                    buf = ByteBuffer.allocate(buf.capacity() * 2).put(buf.flip());
                }
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }

    /** The body of an answer from {@link #exchange}. */
    public static String body(String answer) {
        int i = answer.indexOf("\r\n\r\n");
        return i < 0 ? "" : answer.substring(i + 4);
    }
}
