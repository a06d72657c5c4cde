package dev.caisson.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The byte-level json-file record reader undoes every escape the shim (or Docker) writes. */
class LogRecordTest {
    private static LogRecord parse(String line) {
        byte[] b = ("junk" + line + "junk").getBytes(StandardCharsets.UTF_8);
        LogRecord r = new LogRecord();
        assertThat(r.parse(b, 4, b.length - 4)).as(line).isTrue();
        return r;
    }

    private static String rec(String escapedLog, String stream) {
        return "{\"log\":\"" + escapedLog + "\",\"stream\":\"" + stream + "\",\"time\":\"2026-11-28T08:57:56.615593348Z\"}";
    }

    @Test
    void undoesEscapes() {
        LogRecord r = parse(rec("a\\\"b\\\\c\\n\\r\\t\\u003c\\u0026\\u0001 caf\\u00e9 \\ud83d\\ude00 \\u20ac", "stdout"));
        assertThat(r.log()).isEqualTo("a\"b\\c\n\r\t<&\u0001 café \uD83D\uDE00 €");
        assertThat(r.stream()).isEqualTo(LogEntry.Stream.STDOUT);
        assertThat(r.time()).isEqualTo(Instant.parse("2026-11-28T08:57:56.615593348Z"));
    }

    @Test
    void rawBytesPassThroughUnchanged() {
        byte[] b = "{\"log\":\"\u00ff\u00fe\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-28T08:57:56.615593348Z\"}"
                .getBytes(StandardCharsets.ISO_8859_1);   // two bytes that are not UTF-8
        LogRecord r = new LogRecord();
        assertThat(r.parse(b, 0, b.length)).isTrue();
        byte[] out = new byte[r.maxLength()];
        int n = r.copyLog(out, 0);
        assertThat(java.util.Arrays.copyOf(out, n)).containsExactly(0xff, 0xfe, '\n');
        assertThat(r.stream()).isEqualTo(LogEntry.Stream.STDERR);
    }

    @Test
    void loneSurrogateBecomesReplacementCharacter() {
        assertThat(parse(rec("x\\ud83dy", "stdout")).log()).isEqualTo("x\uFFFDy");
    }

    @Test
    void timestampIsDockersFixedNineDigits() {
        LogRecord r = parse("{\"log\":\"x\",\"stream\":\"stdout\",\"time\":\"2026-11-28T08:57:56.12Z\"}");
        byte[] out = new byte[40];
        int n = r.copyTimestamp(out, 0);
        assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo("2026-11-28T08:57:56.120000000Z ");
        r = parse(rec("x", "stdout"));
        n = r.copyTimestamp(out, 0);
        assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo("2026-11-28T08:57:56.615593348Z ");
    }

    @Test
    void tornLinesAreNoRecords() {
        LogRecord r = new LogRecord();
        for (String s : new String[]{"", "{\"log\":\"abc", "{\"log\":\"abc\",\"stream\":\"stdout\"", "garbage",
                "{\"log\":\"abc\",\"stream\":\"stdout\",\"time\":\"2026"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThat(r.parse(b, 0, b.length)).as(s).isFalse();
        }
    }
}
