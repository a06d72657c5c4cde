package dev.caisson.engine.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One thread watches every running container's shim: each has a "wait" connection in a
 * selector, and the shim closes it when the container exits. That costs one thread for
 * any number of containers (a thread per container would not scale to thousands).
 */
final class ExitMonitor implements AutoCloseable {
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Object[]> pending = new ConcurrentLinkedQueue<>();
    private final Map<String, SocketChannel> watched = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ExitMonitor() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::loop, "caisson-exit-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Calls onExit(id) once the shim's wait connection closes (the container has exited). */
    void watch(String id, SocketChannel waitChannel, Consumer<String> onExit) throws IOException {
        waitChannel.configureBlocking(false);
        watched.put(id, waitChannel);
        pending.add(new Object[]{id, waitChannel, onExit});
        selector.wakeup();
    }

    @SuppressWarnings("unchecked")
    private void loop() {
        ByteBuffer buf = ByteBuffer.allocate(256);
        while (!closed) {
            try {
                selector.select();
                for (Object[] p; (p = pending.poll()) != null; ) {
                    ((SocketChannel) p[1]).register(selector, SelectionKey.OP_READ, p);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Object[] p = (Object[]) key.attachment();
                    SocketChannel ch = (SocketChannel) p[1];
                    buf.clear();
                    int n;
                    try {
                        n = ch.read(buf);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {   // the reply line, if any, is followed by EOF; the exit file has the details
                        key.cancel();
                        ch.close();
                        watched.remove((String) p[0], ch);
                        ((Consumer<String>) p[2]).accept((String) p[0]);
                    }
                }
                selector.selectedKeys().clear();
            } catch (Throwable t) {
                if (!closed) {
                    System.getLogger(ExitMonitor.class.getName()).log(System.Logger.Level.ERROR, "exit monitor", t);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel ch : watched.values()) {
            ch.close();
        }
        selector.close();
    }
}
