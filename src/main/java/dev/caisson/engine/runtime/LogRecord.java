package dev.caisson.engine.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One json-file record ({"log":"...","stream":"stdout","time":"RFC3339Nano"}) as it lies in a
 * {@link LogCursor}'s buffer, valid only during the sink call that receives it. Nothing is
 * decoded unless asked: the text is unescaped straight into the caller's byte array and the
 * time parsed only when a filter or a timestamp needs it, so copying a million records builds
 * no strings. The format is the shim's own and fixed, which is what makes a dedicated parser
 * safe here.
 */
public final class LogRecord {
    private static final byte[] LOG_KEY = "{\"log\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STREAM_KEY = "\"stream\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME_KEY = "\"time\":\"".getBytes(StandardCharsets.US_ASCII);
    /** Docker's RFC3339NanoFixed: always nine fraction digits. */
    private static final DateTimeFormatter DOCKER_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);
    private static final byte[] QUOTE = {'"'};
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private byte[] buf;
    private int logFrom;
    private int logTo;
    private int timeFrom;
    private int timeTo;
    private LogEntry.Stream stream;
    private Instant time;

    /** Points this view at the record in b[from, to) (no newline); false if it is not one (a torn write after a crash). */
    boolean parse(byte[] b, int from, int to) {
        if (!at(b, from, to, LOG_KEY)) {
            return false;
        }
        int i = from + LOG_KEY.length;
        int start = i;
        while (i < to && b[i] != '"') {
            i += b[i] == '\\' ? 2 : 1;
        }
        if (i >= to) {
            return false;
        }
        int s = find(b, i, to, STREAM_KEY);
        int t = find(b, i, to, TIME_KEY);
        if (s < 0 || t < 0) {
            return false;
        }
        int tEnd = find(b, t + TIME_KEY.length, to, QUOTE);
        if (tEnd < 0) {
            return false;
        }
        buf = b;
        logFrom = start;
        logTo = i;
        stream = b[s + STREAM_KEY.length + 3] == 'e' ? LogEntry.Stream.STDERR : LogEntry.Stream.STDOUT;   // std[e]rr
        timeFrom = t + TIME_KEY.length;
        timeTo = tEnd;
        time = null;
        return true;
    }

    public LogEntry.Stream stream() {
        return stream;
    }

    /** The record's time; a record whose time cannot be read counts as the epoch rather than vanishing. */
    public Instant time() {
        if (time == null) {
            try {
                time = parseTime(buf, timeFrom, timeTo);
            } catch (RuntimeException e) {
                time = Instant.EPOCH;
            }
        }
        return time;
    }

    /**
     * Appends the time as Docker's `logs -t` prints it (RFC3339 with nine fraction digits,
     * UTC) and a space; returns the new offset. The dst needs 31 bytes of room.
     */
    public int copyTimestamp(byte[] dst, int off) {
        if (timeTo - timeFrom == 30 && buf[timeTo - 1] == 'Z') {   // the shim's own format already
            System.arraycopy(buf, timeFrom, dst, off, 30);
            dst[off + 30] = ' ';
            return off + 31;
        }
        byte[] b = (DOCKER_TIME.format(time()) + " ").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, dst, off, b.length);
        return off + b.length;
    }

    /** An upper bound of the text's length in bytes (escapes only shrink when undone). */
    public int maxLength() {
        return logTo - logFrom;
    }

    /** Writes the unescaped text into dst at off (room for {@link #maxLength()} bytes); returns the new offset. */
    public int copyLog(byte[] dst, int off) {
        byte[] b = buf;
        int o = off;
        int i = logFrom;
        while (i < logTo) {
            int run = i;
            while (run < logTo && b[run] != '\\') {
                run++;
            }
            System.arraycopy(b, i, dst, o, run - i);
            o += run - i;
            if (run >= logTo) {
                break;
            }
            byte e = b[run + 1];
            i = run + 2;
            switch (e) {
                case 'n' -> dst[o++] = '\n';
                case 'r' -> dst[o++] = '\r';
                case 't' -> dst[o++] = '\t';
                case 'b' -> dst[o++] = '\b';
                case 'f' -> dst[o++] = '\f';
                case 'u' -> {
                    if (i + 4 > logTo) {   // a cut escape: keep what is there
                        dst[o++] = 'u';
                        continue;
                    }
                    int cp = hex4(b, i);
                    i += 4;
                    if (Character.isHighSurrogate((char) cp) && i + 6 <= logTo && b[i] == '\\' && b[i + 1] == 'u') {
                        int low = hex4(b, i + 2);
                        if (Character.isLowSurrogate((char) low)) {
                            cp = Character.toCodePoint((char) cp, (char) low);
                            i += 6;
                        }
                    }
                    o = utf8(cp, dst, o);
                }
                default -> dst[o++] = e;
            }
        }
        return o;
    }

    /** The text as a string (UTF-8), for callers that want a {@link LogEntry}. */
    public String log() {
        byte[] d = new byte[maxLength()];
        return new String(d, 0, copyLog(d, 0), StandardCharsets.UTF_8);
    }

    public LogEntry toEntry() {
        return new LogEntry(stream, time(), log());
    }

    private static int utf8(int cp, byte[] dst, int o) {
        if (cp < 0x80) {
            dst[o++] = (byte) cp;
        } else if (cp < 0x800) {
            dst[o++] = (byte) (0xC0 | cp >> 6);
            dst[o++] = (byte) (0x80 | cp & 0x3F);
        } else if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
            System.arraycopy(REPLACEMENT, 0, dst, o, 3);   // a lone surrogate is no character
            o += 3;
        } else if (cp < 0x10000) {
            dst[o++] = (byte) (0xE0 | cp >> 12);
            dst[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
            dst[o++] = (byte) (0x80 | cp & 0x3F);
        } else {
            dst[o++] = (byte) (0xF0 | cp >> 18);
            dst[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
            dst[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
            dst[o++] = (byte) (0x80 | cp & 0x3F);
        }
        return o;
    }

    private static int hex4(byte[] b, int i) {
        int v = 0;
        for (int k = i; k < i + 4; k++) {
            v = v << 4 | Character.digit(b[k], 16);
        }
        return v;
    }

    private static boolean at(byte[] b, int from, int to, byte[] key) {
        if (to - from < key.length) {
            return false;
        }
        for (int k = 0; k < key.length; k++) {
            if (b[from + k] != key[k]) {
                return false;
            }
        }
        return true;
    }

    private static int find(byte[] b, int from, int to, byte[] key) {
        for (int i = from; i <= to - key.length; i++) {
            if (at(b, i, to, key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The shim's UTC timestamps ("2026-11-28T06:40:05.123456789Z") read by hand: Instant.parse
     * builds a formatter per call and was most of the time of reading a big log. Anything
     * else goes to Instant.parse.
     */
    static Instant parseTime(byte[] s, int from, int to) {
        int len = to - from;
        if (len < 20 || s[to - 1] != 'Z' || s[from + 4] != '-' || s[from + 10] != 'T'
                || s[from + 19] != '.' && len != 20) {
            return Instant.parse(new String(s, from, len, StandardCharsets.ISO_8859_1));
        }
        long days = LocalDate.of(num(s, from, 4), num(s, from + 5, 2), num(s, from + 8, 2)).toEpochDay();
        long secs = days * 86400 + num(s, from + 11, 2) * 3600L + num(s, from + 14, 2) * 60L + num(s, from + 17, 2);
        int nanos = 0;
        int digits = len - 21;   // between '.' and 'Z'
        if (digits > 0) {
            if (digits > 9) {
                return Instant.parse(new String(s, from, len, StandardCharsets.ISO_8859_1));
            }
            nanos = num(s, from + 20, digits);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return Instant.ofEpochSecond(secs, nanos);
    }

    private static int num(byte[] s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int c = s[i];
            if (c < '0' || c > '9') {
                throw new DateTimeParseException("not a digit", new String(s, StandardCharsets.ISO_8859_1), i);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
