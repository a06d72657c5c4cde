package dev.caisson.engine.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A position in a container's json-file log that is read a step at a time and never waits:
 * the caller decides when to look again. This is what lets one thread serve many `logs -f`
 * clients (a blocking reader would hold a thread per client). Only whole lines are handed
 * out; a line the shim is still writing stays buffered until its newline arrives.
 */
public final class LogCursor implements AutoCloseable {
    /** What a {@link #poll} found. */
    public enum Status {
        /** The step limit was reached with more to read: call again soon. */
        MORE,
        /** Nothing new yet, the container may still write: call again later. */
        IDLE,
        /** Everything asked for was read (or the sink said stop): close the cursor. */
        END
    }

    private static final int CHUNK = 64 * 1024;

    /** Receives records; returns false to stop. The record is valid only during the call. */
    @FunctionalInterface
    public interface RecordSink {
        boolean accept(LogRecord r) throws IOException;
    }

    private final Path file;
    private final LogOptions options;
    private final BooleanSupplier running;
    private final LogRecord record = new LogRecord();
    /** Read but not yet handed out: buf[pos, limit). A line longer than the buffer grows it. */
    private byte[] buf = new byte[CHUNK];
    private int pos;
    private int limit;
    private FileChannel channel;
    private boolean ended;

    LogCursor(Path file, LogOptions options, BooleanSupplier running) {
        this.file = file;
        this.options = options;
        this.running = running;
    }

    /** {@link #pollRecords} for callers that want whole {@link LogEntry} values. */
    public Status poll(Predicate<LogEntry> sink, int maxRecords) throws IOException {
        return pollRecords(r -> sink.test(r.toEntry()), maxRecords);
    }

    /**
     * Sends up to maxRecords matching records to sink. With follow, a container that has
     * stopped gets one last pass (the shim writes its final records before the container
     * counts as exited) before END.
     */
    public Status pollRecords(RecordSink sink, int maxRecords) throws IOException {
        if (ended) {
            return Status.END;
        }
        if (channel == null && !open()) {
            // a container that has just started may not have its log file yet
            return end(!options.follow() || !running.getAsBoolean() ? Status.END : Status.IDLE);
        }
        boolean alive = options.follow() && running.getAsBoolean();   // asked before reading: see the last pass above
        int sent = 0;
        while (sent < maxRecords) {
            int nl = nextNewline();
            if (nl < 0) {
                return end(alive ? Status.IDLE : Status.END);
            }
            int from = pos;
            pos = nl + 1;
            if (!record.parse(buf, from, nl)) {
                continue;
            }
            if (options.until() != null && !record.time().isBefore(options.until())) {
                return end(Status.END);
            }
            if (options.wants(record)) {
                sent++;
                if (!sink.accept(record)) {
                    return end(Status.END);
                }
            }
        }
        return Status.MORE;
    }

    private Status end(Status s) {
        if (s == Status.END) {
            ended = true;
        }
        return s;
    }

    private boolean open() throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r");
        try {
            raf.seek(options.tail() < 0 ? 0 : LogReader.tailOffset(raf, options.tail()));
        } catch (IOException e) {
            raf.close();
            throw e;
        }
        channel = raf.getChannel();
        return true;
    }

    /**
     * Index in buf of the newline that ends the next whole line, reading more as needed; -1
     * when the file has no complete line beyond the position (the shim may be mid-write).
     */
    private int nextNewline() throws IOException {
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            if (pos > 0) {   // keep the unfinished line at the front and read behind it
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            } else if (limit == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            scan = limit;
            int n = channel.read(ByteBuffer.wrap(buf, limit, buf.length - limit));
            if (n <= 0) {
                return -1;
            }
            limit += n;
        }
    }

    @Override
    public void close() throws IOException {
        ended = true;
        if (channel != null) {
            channel.close();
        }
    }
}
