package dev.caisson.api.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.WebConnection;

/**
 * The two directions of a hijacked session. Client input is read without a thread of its own
 * (a servlet ReadListener runs only when bytes arrive); output is copied by a pump thread that
 * blocks on the container side (a shim socket or an exec's pipe).
 */
final class StreamPumps {
    static final ExecutorService PUMPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caisson-stream");
        t.setDaemon(true);
        return t;
    });

    private StreamPumps() {
    }

    /** Where client input goes: write bytes; end() = the client closed its side. */
    interface InputSink {
        void write(byte[] b, int off, int len) throws IOException;

        void end();
    }

    /**
     * Feeds everything the client sends to the sink; the detach sequence (Docker's ctrl-p,ctrl-q
     * unless the request names others) is swallowed and ends the session through onDetach.
     */
    static void clientInput(WebConnection wc, InputSink sink, DetachKeys keys, Runnable onDetach) throws IOException {
        ServletInputStream in = wc.getInputStream();
        in.setReadListener(new ReadListener() {
            private final byte[] buf = new byte[16384];
            private final DetachKeys.Matcher matcher = keys.matcher();

            @Override
            public void onDataAvailable() throws IOException {
                while (in.isReady()) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return;
                    }
                    DetachKeys.Result r = matcher.feed(buf, n);
                    if (r.data().length > 0) {
                        try {
                            sink.write(r.data(), 0, r.data().length);
                        } catch (IOException e) {
                            sink.end();   // the container side is gone; output ends the session
                            return;
                        }
                    }
                    if (r.detached()) {
                        onDetach.run();
                        return;
                    }
                }
            }

            @Override
            public void onAllDataRead() {
                sink.end();
            }

            @Override
            public void onError(Throwable t) {
                sink.end();
            }
        });
    }

    /** Writes and flushes one chunk to the client; false when the client has gone. */
    static boolean send(OutputStream out, byte[] b, int off, int len) {
        try {
            synchronized (out) {
                out.write(b, off, len);
                out.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // already closed or broken: nothing more to release
        }
    }
}
