package dev.caisson.engine.runtime;

import java.nio.file.Path;

/** Opens a cursor on a log file from tests outside this package. */
public final class TestLogs {
    private TestLogs() {
    }

    public static LogCursor cursor(Path file, LogOptions o) {
        return new LogCursor(file, o, () -> false);
    }
}
