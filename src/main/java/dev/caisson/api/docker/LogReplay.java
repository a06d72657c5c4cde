package dev.caisson.api.docker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.WebConnection;

import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.LogEntry;
import dev.caisson.engine.runtime.LogOptions;

/** Attach with logs=1: the container's log so far, framed like the live stream that may follow. */
final class LogReplay {
    private LogReplay() {
    }

    /** Writes the chosen streams of the log to the session; false when the client went away. */
    static boolean write(ContainerRuntime rt, Container c, boolean stdout, boolean stderr, WebConnection wc) {
        try {
            OutputStream out = wc.getOutputStream();
            boolean tty = c.spec().tty();
            boolean[] ok = {true};
            rt.logs(c.id(), new LogOptions(stdout, stderr, null, null, -1, false), e -> ok[0] = frame(out, e, tty));
            return ok[0];
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean frame(OutputStream out, LogEntry e, boolean tty) {
        byte[] data = e.log().getBytes(StandardCharsets.UTF_8);
        if (tty) {
            return StreamPumps.send(out, data, 0, data.length);
        }
        int n = data.length;
        byte[] framed = new byte[8 + n];
        framed[0] = (byte) (e.stream() == LogEntry.Stream.STDERR ? 2 : 1);
        framed[4] = (byte) (n >>> 24);
        framed[5] = (byte) (n >>> 16);
        framed[6] = (byte) (n >>> 8);
        framed[7] = (byte) n;
        System.arraycopy(data, 0, framed, 8, n);
        return StreamPumps.send(out, framed, 0, framed.length);
    }
}
