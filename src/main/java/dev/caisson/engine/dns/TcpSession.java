package dev.caisson.engine.dns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One DNS-over-TCP connection: messages framed by a 2-byte length, possibly several in a row
 * (RFC 7766), answered in any order as they complete. Runs on the loop thread only.
 */
final class TcpSession implements DnsLoop.Ready {
    private final SocketChannel channel;
    private final Listener listener;
    private final ByteBuffer in = ByteBuffer.allocate(2 + 65535);
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private SelectionKey key;
    private int pending;
    private boolean inputDone;
    private boolean closed;

    TcpSession(SocketChannel channel, Listener listener) {
        this.channel = channel;
        this.listener = listener;
    }

    @Override
    public void ready(SelectionKey key) throws IOException {
        if (key.isWritable()) {
            flush();
        }
        if (!closed && key.isReadable()) {
            read();
        }
    }

    @Override
    public void failed(IOException e) {
        close();
    }

    private void read() throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            inputDone = true;
            closeIfDone();
            return;
        }
        in.flip();
        while (in.remaining() >= 2) {
            int len = in.getShort(in.position()) & 0xffff;
            if (in.remaining() < 2 + len) {
                break;
            }
            byte[] msg = new byte[len];
            in.position(in.position() + 2);
            in.get(msg);
            pending++;
            if (!listener.answer(msg, true, this::send)) {
                pending--;
            }
        }
        in.compact();
    }

    private void send(byte[] reply) {
        if (closed) {
            return;
        }
        pending--;
        ByteBuffer frame = ByteBuffer.allocate(2 + reply.length);
        frame.putShort((short) reply.length).put(reply).flip();
        out.add(frame);
        try {
            flush();
        } catch (IOException e) {
            close();
        }
    }

    private void flush() throws IOException {
        while (!out.isEmpty()) {
            channel.write(out.peek());
            if (out.peek().hasRemaining()) {
                break;
            }
            out.poll();
        }
        if (key != null && key.isValid()) {
            key.interestOps(out.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
        closeIfDone();
    }

    void registered(SelectionKey key) {
        this.key = key;
    }

    private void closeIfDone() {
        if (inputDone && pending <= 0 && out.isEmpty()) {
            close();
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // gone anyway
        }
        listener.sessionClosed(this);
    }
}
