package dev.caisson.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The hand-written RFC3339Nano reader of log lines agrees with Instant.parse. */
class LogTimeTest {
    private static Instant parse(String v) {
        String line = "x" + v + "y";
        return LogRecord.parseTime(line.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 1, 1 + v.length());
    }

    @Test
    void agreesWithInstantParse() {
        for (String v : new String[]{"2026-11-28T06:40:05.123456789Z", "2026-11-28T06:40:05.1Z", "2026-11-28T06:40:05Z",
                "2024-02-29T23:59:59.000000001Z", "1970-01-01T00:00:00.5Z", "2026-11-28T06:40:05.120Z"}) {
            assertThat(parse(v)).as(v).isEqualTo(Instant.parse(v));
        }
    }

    @Test
    void otherShapesFallBackOrFail() {
        assertThat(parse("2026-11-28T06:40:05.123+00:00")).isEqualTo(Instant.parse("2026-11-28T06:40:05.123+00:00"));
        assertThatThrownBy(() -> parse("2026-1x-28T06:40:05.1Z")).isInstanceOf(RuntimeException.class);
    }
}
