package dev.caisson.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCursorTest {
    @TempDir
    Path dir;

    private static String record(String stream, String log, int second) {
        return "{\"log\":\"" + log + "\\n\",\"stream\":\"" + stream + "\",\"time\":\"2026-01-01T00:00:0" + second + "Z\"}\n";
    }

    private static void append(Path f, String text) throws Exception {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void followWaitsForTheFileAndForWholeLinesThenEndsAfterTheContainer() throws Exception {
        Path log = dir.resolve("c-json.log");
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> seen = new ArrayList<>();
        try (LogCursor c = new LogCursor(log, LogOptions.all().withFollow(true), running::get)) {
            assertThat(c.poll(e -> seen.add(e.log()), 100)).as("no file yet").isEqualTo(LogCursor.Status.IDLE);
            String second = record("stdout", "two", 1);
            append(log, record("stdout", "one", 1) + second.substring(0, 10));   // the shim is half-way through the second line
            assertThat(c.poll(e -> seen.add(e.log()), 100)).isEqualTo(LogCursor.Status.IDLE);
            assertThat(seen).containsExactly("one\n");
            append(log, second.substring(10));
            running.set(false);
            append(log, record("stderr", "last", 2));
            assertThat(c.poll(e -> seen.add(e.log()), 100)).as("one last pass, then the end").isEqualTo(LogCursor.Status.END);
            assertThat(seen).containsExactly("one\n", "two\n", "last\n");
        }
    }

    @Test
    void stepsAreBoundedAndTailStreamsAndUntilApply() throws Exception {
        Path log = dir.resolve("c-json.log");
        for (int i = 0; i < 5; i++) {
            append(log, record(i % 2 == 0 ? "stdout" : "stderr", "l" + i, i));
        }
        List<String> seen = new ArrayList<>();
        try (LogCursor c = new LogCursor(log, LogOptions.all(), () -> false)) {
            assertThat(c.poll(e -> seen.add(e.log()), 2)).isEqualTo(LogCursor.Status.MORE);
            assertThat(seen).hasSize(2);
            assertThat(c.poll(e -> seen.add(e.log()), 10)).isEqualTo(LogCursor.Status.END);
            assertThat(seen).hasSize(5);
        }
        seen.clear();
        try (LogCursor c = new LogCursor(log, new LogOptions(true, false, null, null, 3, false), () -> true)) {
            assertThat(c.poll(e -> seen.add(e.log()), 10)).isEqualTo(LogCursor.Status.END);
            assertThat(seen).containsExactly("l2\n", "l4\n");
        }
        seen.clear();
        try (LogCursor c = new LogCursor(log, LogOptions.all().withFollow(true)
                .withWindow(null, java.time.Instant.parse("2026-01-01T00:00:02Z")), () -> true)) {
            assertThat(c.poll(e -> seen.add(e.log()), 10)).as("until ends even a follower").isEqualTo(LogCursor.Status.END);
            assertThat(seen).containsExactly("l0\n", "l1\n");
        }
    }
}
