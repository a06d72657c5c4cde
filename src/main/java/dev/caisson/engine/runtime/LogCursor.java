package dev.caisson.engine.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private final Path file;
    private final LogOptions options;
    private final BooleanSupplier running;
    private final ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    private byte[] partial = new byte[0];
    private FileChannel channel;
    private boolean ended;

    LogCursor(Path file, LogOptions options, BooleanSupplier running) {
        this.file = file;
        this.options = options;
        this.running = running;
    }

    /**
     * Sends up to maxRecords matching records to sink. With follow, a container that has
     * stopped gets one last pass (the shim writes its final records before the container
     * counts as exited) before END.
     */
    public Status poll(Predicate<LogEntry> sink, int maxRecords) throws IOException {
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
            String line = nextLine();
            if (line == null) {
                return end(alive ? Status.IDLE : Status.END);
            }
            LogEntry e = LogReader.parse(line);
            if (e == null) {
                continue;
            }
            if (options.until() != null && !e.time().isBefore(options.until())) {
                return end(Status.END);
            }
            if (options.wants(e)) {
                sent++;
                if (!sink.test(e)) {
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
        buf.flip();   // empty, ready to read from
        return true;
    }

    /** The next whole line, or null when the file has no complete line beyond the position. */
    private String nextLine() throws IOException {
        while (true) {
            for (int i = buf.position(); i < buf.limit(); i++) {
                if (buf.get(i) == '\n') {
                    int len = i - buf.position();
                    byte[] line = new byte[partial.length + len];
                    System.arraycopy(partial, 0, line, 0, partial.length);
                    buf.get(line, partial.length, len);
                    buf.get();   // the newline
                    partial = new byte[0];
                    return new String(line, StandardCharsets.UTF_8);
                }
            }
            // keep the unfinished tail of the buffer and read more behind it
            byte[] rest = new byte[buf.remaining()];
            buf.get(rest);
            if (rest.length > 0) {
                byte[] joined = new byte[partial.length + rest.length];
                System.arraycopy(partial, 0, joined, 0, partial.length);
                System.arraycopy(rest, 0, joined, partial.length, rest.length);
                partial = joined;
            }
            buf.clear();
            int n = channel.read(buf);
            buf.flip();
            if (n <= 0) {
                return null;
            }
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
