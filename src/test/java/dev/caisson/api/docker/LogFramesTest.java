package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.runtime.LogCursor;
import dev.caisson.engine.runtime.LogOptions;
import dev.caisson.engine.runtime.TestLogs;

/** Docker's log framing, one frame per record or coalesced per stream, carries the same bytes. */
class LogFramesTest {
    @TempDir
    Path dir;

    private byte[] frames(Path log, boolean coalesce, boolean tty, int step) throws Exception {
        LogFrames f = new LogFrames(tty, false, coalesce);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LogCursor c = TestLogs.cursor(log, LogOptions.all())) {
            while (c.pollRecords(r -> {
                f.add(r);
                return true;
            }, step) == LogCursor.Status.MORE) {
                out.writeBytes(f.take());
            }
        }
        out.writeBytes(f.take());
        return out.toByteArray();
    }

    /** (stream, payload) of every frame. */
    private static List<String> split(byte[] b) {
        List<String> frames = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            int n = (b[i + 4] & 0xff) << 24 | (b[i + 5] & 0xff) << 16 | (b[i + 6] & 0xff) << 8 | b[i + 7] & 0xff;
            assertThat(n).isLessThanOrEqualTo(32 * 1024 - 8);
            frames.add(b[i] + ":" + new String(b, i + 8, n, StandardCharsets.UTF_8));
            i += 8 + n;
        }
        assertThat(i).isEqualTo(b.length);
        return frames;
    }

    @Test
    void coalescingKeepsEachStreamsBytesAndOrder() throws Exception {
        StringBuilder log = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String stream = i % 500 < 490 ? "stdout" : "stderr";
            log.append("{\"log\":\"line ").append(i).append("\\n\",\"stream\":\"").append(stream)
                    .append("\",\"time\":\"2026-11-28T08:57:56.615593348Z\"}\n");
            expected.add((stream.equals("stdout") ? 1 : 2) + ":line " + i + "\n");
        }
        Path file = Files.writeString(dir.resolve("c-json.log"), log);

        List<String> single = split(frames(file, false, false, 7));
        assertThat(single).as("Docker's framing: a frame per record").isEqualTo(expected);

        List<String> merged = split(frames(file, true, false, 1000));
        assertThat(merged.size()).as("far fewer frames").isLessThan(40);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String f : merged) {
            (f.charAt(0) == '1' ? out : err).append(f.substring(2));
        }
        StringBuilder wantOut = new StringBuilder();
        StringBuilder wantErr = new StringBuilder();
        for (String e : expected) {
            (e.charAt(0) == '1' ? wantOut : wantErr).append(e.substring(2));
        }
        assertThat(out.toString()).isEqualTo(wantOut.toString());
        assertThat(err.toString()).isEqualTo(wantErr.toString());
        assertThat(merged.stream().filter(f -> f.startsWith("2:")).count()).as("stream changes start frames").isEqualTo(6);

        assertThat(new String(frames(file, true, true, 7), StandardCharsets.UTF_8))
                .as("a TTY gets raw bytes").isEqualTo(String.join("", expected.stream().map(e -> e.substring(2)).toList()));
    }
}
