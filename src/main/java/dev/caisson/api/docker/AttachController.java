package dev.caisson.api.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.LogCursor;
import dev.caisson.engine.runtime.LogOptions;

/**
 * `POST /containers/{id}/attach` (hijacked) and `/resize`. Attaching to a container that has
 * not started yet is what `docker run` and `docker start -a` do: the stream is connected by the
 * next start, before the container's process runs, so no output is missed.
 */
@RestController
class AttachController {
    static final String RAW = "application/vnd.docker.raw-stream";
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

    private final ContainerRuntime rt;

    AttachController(Engine engine) {
        this.rt = engine.containers();
    }

    @PostMapping("/containers/{id}/attach")
    void attach(@PathVariable String id,
                @RequestParam(required = false) String stream, @RequestParam(required = false) String logs,
                @RequestParam(required = false) String stdin, @RequestParam(required = false) String stdout,
                @RequestParam(required = false) String stderr, @RequestParam(required = false) String detachKeys,
                HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Container c = rt.get(id);
        // stream=0 and logs=0 is an empty session in Docker, not an error: docker-py's attach() sends it
        DetachKeys keys = DetachKeys.parse(detachKeys);
        boolean in = ContainersController.flag(stdin) && c.spec().openStdin();
        boolean tty = c.spec().tty();
        boolean out = ContainersController.flag(stdout);
        boolean err = ContainersController.flag(stderr);
        boolean live = ContainersController.flag(stream);
        CompletableFuture<SocketChannel> channel = live ? rt.attachStream(c.id(), in, out, err) : null;
        HijackHandler.upgrade(req, resp, tty ? RAW : MULTIPLEXED, wc -> StreamPumps.PUMPS.execute(() -> {
            if (ContainersController.flag(logs) && !replayLogs(wc, c, out, err, tty)) {
                HijackHandler.end(wc);
                return;
            }
            if (channel == null) {
                HijackHandler.end(wc);
                return;
            }
            channel.whenComplete((ch, failure) -> {
                if (failure != null) {
                    HijackHandler.end(wc);
                } else {
                    StreamPumps.PUMPS.execute(() -> bridge(wc, ch, in, tty, keys));
                }
            });
        }));
    }

    /** logs=1: what the container wrote so far, in the stream's own framing, before the live part. */
    private boolean replayLogs(WebConnection wc, Container c, boolean out, boolean err, boolean tty) {
        LogFrames frames = new LogFrames(tty, false, false);
        try (LogCursor cursor = rt.openLog(c.id(), new LogOptions(out, err, null, null, -1, false))) {
            OutputStream os = wc.getOutputStream();
            LogCursor.Status s;
            do {
                s = cursor.pollRecords(r -> {
                    frames.add(r);
                    return true;
                }, 2000);
                byte[] chunk = frames.take();
                if (!StreamPumps.send(os, chunk, 0, chunk.length)) {
                    return false;
                }
            } while (s == LogCursor.Status.MORE);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @PostMapping("/containers/{id}/resize")
    ResponseEntity<Void> resize(@PathVariable String id, @RequestParam int h, @RequestParam int w) throws IOException {
        Container c = rt.get(id);
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        rt.resize(c.id(), h, w);
        return ResponseEntity.ok().build();
    }

    /** Copies the shim's output to the client (unframed for a TTY) and the client's input to the shim. */
    private static void bridge(WebConnection wc, SocketChannel ch, boolean stdin, boolean tty, DetachKeys keys) {
        try {
            OutputStream out = wc.getOutputStream();
            if (stdin) {
                StreamPumps.clientInput(wc, new StreamPumps.InputSink() {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                        synchronized (ch) {
                            while (buf.hasRemaining()) {
                                ch.write(buf);
                            }
                        }
                    }

                    @Override
                    public void end() {
                        try {
                            ch.shutdownOutput();   // the shim keeps sending output after the client's EOF
                        } catch (IOException ignored) {
                            // the shim already closed it
                        }
                    }
                }, keys, () -> StreamPumps.closeQuietly(ch));
            }
            ByteBuffer buf = ByteBuffer.allocate(65536);
            Deframer deframer = tty ? new Deframer() : null;
            while (ch.read(buf) >= 0) {
                buf.flip();
                boolean ok = deframer == null ? StreamPumps.send(out, buf.array(), 0, buf.limit())
                        : deframer.feed(buf, out);
                buf.clear();
                if (!ok) {
                    break;
                }
            }
        } catch (IOException e) {
            // either side went away: the session is over
        } finally {
            StreamPumps.closeQuietly(ch);
            HijackHandler.end(wc);
        }
    }

    /** The shim frames all output; a TTY session gets the raw bytes, as from Docker. */
    static final class Deframer {
        private final byte[] header = new byte[8];
        private int headerLen;
        private int remaining;

        boolean feed(ByteBuffer buf, OutputStream out) {
            while (buf.hasRemaining()) {
                if (remaining == 0) {
                    header[headerLen++] = buf.get();
                    if (headerLen == 8) {
                        remaining = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16)
                                | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
                        headerLen = 0;
                    }
                    continue;
                }
                int n = Math.min(remaining, buf.remaining());
                if (!StreamPumps.send(out, buf.array(), buf.position(), n)) {
                    return false;
                }
                buf.position(buf.position() + n);
                remaining -= n;
            }
            return true;
        }
    }
}
