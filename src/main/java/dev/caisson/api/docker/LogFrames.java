package dev.caisson.api.docker;

import java.util.Arrays;

import dev.caisson.engine.runtime.LogEntry;
import dev.caisson.engine.runtime.LogRecord;

/**
 * Log records as Docker's stream, built in one growable array: 8-byte frame headers
 * (stream, 0, 0, 0, big-endian length) unless the container has a TTY, then raw bytes.
 *
 * <p>Docker sends one frame per record. When coalescing, consecutive records of one stream
 * share a frame instead: the bytes each stream carries are the same, but the docker CLI
 * writes every frame to its stdout separately, and a million one-line frames cost it about
 * three CPU seconds. Followers get a frame per record, because clients such as docker-py
 * hand a streamed log to their callers frame by frame, and callers read those as lines.
 */
final class LogFrames {
    /** The CLI reads frames into a 32 KiB buffer (it grows for larger ones): stay within it. */
    private static final int MAX_FRAME = 32 * 1024 - 8;
    /** Room a timestamp needs: 30 characters and a space, with slack for other shapes. */
    private static final int STAMP_ROOM = 40;

    private final boolean tty;
    private final boolean stamps;
    private final boolean coalesce;
    private byte[] buf = new byte[64 * 1024];
    private int len;
    private int header = -1;   // the open frame's header, -1 when none is open
    private int openStream;

    LogFrames(boolean tty, boolean stamps, boolean coalesce) {
        this.tty = tty;
        this.stamps = stamps;
        this.coalesce = coalesce;
    }

    void add(LogRecord r) {
        int need = 8 + (stamps ? STAMP_ROOM : 0) + r.maxLength();
        if (len + need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + need));
        }
        int stream = r.stream() == LogEntry.Stream.STDERR ? 2 : 1;
        if (!tty && (header < 0 || stream != openStream || len - header - 8 + need > MAX_FRAME)) {
            closeFrame();
            header = len;
            openStream = stream;
            len += 8;
        }
        if (stamps) {
            len = r.copyTimestamp(buf, len);
        }
        len = r.copyLog(buf, len);
        if (!coalesce) {
            closeFrame();
        }
    }

    int size() {
        return len;
    }

    /** Everything added since the last take, with its last frame closed. */
    byte[] take() {
        closeFrame();
        byte[] out = Arrays.copyOf(buf, len);
        len = 0;
        return out;
    }

    private void closeFrame() {
        if (header < 0) {
            return;
        }
        int n = len - header - 8;
        buf[header] = (byte) openStream;
        buf[header + 1] = 0;
        buf[header + 2] = 0;
        buf[header + 3] = 0;
        buf[header + 4] = (byte) (n >>> 24);
        buf[header + 5] = (byte) (n >>> 16);
        buf[header + 6] = (byte) (n >>> 8);
        buf[header + 7] = (byte) n;
        header = -1;
    }
}
