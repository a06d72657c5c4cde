package dev.caisson.engine.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Instant;
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

    /** Parses one record; null for a line that is not one (a torn write after a crash). */
    static LogEntry parse(String line) {
        int p = line.indexOf("{\"log\":\"");
        if (p != 0) {
            return null;
        }
        StringBuilder log = new StringBuilder(line.length());
        int i = 8;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                log.append(c);
                continue;
            }
            char e = line.charAt(++i);
            switch (e) {
                case 'n' -> log.append('\n');
                case 'r' -> log.append('\r');
                case 't' -> log.append('\t');
                case 'b' -> log.append('\b');
                case 'f' -> log.append('\f');
                case 'u' -> {
                    log.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> log.append(e);
            }
        }
        int s = line.indexOf("\"stream\":\"", i);
        int t = line.indexOf("\"time\":\"", i);
        if (s < 0 || t < 0) {
            return null;
        }
        LogEntry.Stream stream = line.startsWith("stderr", s + 10) ? LogEntry.Stream.STDERR : LogEntry.Stream.STDOUT;
        int end = line.indexOf('"', t + 8);
        try {
            return new LogEntry(stream, parseTime(line, t + 8, end), log.toString());
        } catch (RuntimeException ex) {
            return null;
        }
    }

    /**
     * The shim's UTC timestamps ("2026-11-28T06:40:05.123456789Z") read by hand: Instant.parse
     * builds a formatter per call and was most of the time of reading a big log. Anything
     * else goes to Instant.parse.
     */
    static Instant parseTime(String s, int from, int to) {
        int len = to - from;
        if (len < 20 || s.charAt(to - 1) != 'Z' || s.charAt(from + 4) != '-' || s.charAt(from + 10) != 'T'
                || s.charAt(from + 19) != '.' && len != 20) {
            return Instant.parse(s.substring(from, to));
        }
        long days = java.time.LocalDate.of(num(s, from, 4), num(s, from + 5, 2), num(s, from + 8, 2)).toEpochDay();
        long secs = days * 86400 + num(s, from + 11, 2) * 3600L + num(s, from + 14, 2) * 60L + num(s, from + 17, 2);
        int nanos = 0;
        int digits = len - 21;   // between '.' and 'Z'
        if (digits > 0) {
            if (digits > 9) {
                return Instant.parse(s.substring(from, to));
            }
            nanos = num(s, from + 20, digits);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return Instant.ofEpochSecond(secs, nanos);
    }

    private static int num(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new java.time.format.DateTimeParseException("not a digit", s, i);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
