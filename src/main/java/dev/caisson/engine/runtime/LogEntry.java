package dev.caisson.engine.runtime;

import java.time.Instant;

/** One json-file log record: the bytes a container wrote on a stream at a time. */
public record LogEntry(Stream stream, Instant time, String log) {
    public enum Stream { STDOUT, STDERR }
}
