package dev.caisson.engine.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Reads a container's json-file log (written by the shim). The format is fixed and simple
 * ({"log":"...","stream":"stdout","time":"RFC3339Nano"} per line), so a small dedicated
 * parser reads a million lines far faster than a general JSON tree would.
 */
public final class LogReader {
    private static final long FOLLOW_POLL_MS = 50;

    private LogReader() {
    }

    /**
     * Sends matching records to sink, oldest first, until sink returns false; with follow,
     * keeps reading new records while running says the container is alive. Blocks the
     * calling thread; servers use {@link LogCursor} steps instead.
     */
    public static void read(Path file, LogOptions o, Predicate<LogEntry> sink, BooleanSupplier running)
            throws IOException, InterruptedException {
        try (LogCursor cursor = new LogCursor(file, o, running)) {
            while (true) {
                switch (cursor.poll(sink, Integer.MAX_VALUE)) {
                    case END -> {
                        return;
                    }
                    case IDLE -> Thread.sleep(FOLLOW_POLL_MS);
                    case MORE -> {
                    }
                }
            }
        }
    }

    /** Byte offset where the last n lines start. */
    static long tailOffset(RandomAccessFile raf, int n) throws IOException {
        long pos = raf.length();
        if (n == 0) {
            return pos;
        }
        byte[] buf = new byte[65536];
        int newlines = 0;
        while (pos > 0) {
            int len = (int) Math.min(buf.length, pos);
            pos -= len;
            raf.seek(pos);
            raf.readFully(buf, 0, len);
            for (int i = len - 1; i >= 0; i--) {
                // the file ends with '\n': the (n+1)-th newline from the end precedes the tail
                if (buf[i] == '\n' && ++newlines == n + 1) {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }
}
