package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;

class TimestampsTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void goDurationsCountBackFromNow() {
        assertThat(Timestamps.parse("10m", NOW)).isEqualTo(NOW.minusSeconds(600));
        assertThat(Timestamps.parse("1h30m", NOW)).isEqualTo(NOW.minusSeconds(5400));
        assertThat(Timestamps.parse("1.5s", NOW)).isEqualTo(NOW.minusMillis(1500));
        assertThat(Timestamps.goDuration("10x")).isNull();
    }

    @Test
    void datesTimesAndUnixSeconds() {
        assertThat(Timestamps.parse("2026-01-01T00:00:00Z", NOW)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(Timestamps.parse("2026-01-01T01:00:00+01:00", NOW)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(Timestamps.parse("2026-01-01", NOW)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(Timestamps.parse("1700000000.5", NOW)).isEqualTo(Instant.ofEpochSecond(1700000000, 500_000_000));
        assertThatThrownBy(() -> Timestamps.parse("soon", NOW)).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("failed to parse value as time or duration: \"soon\"");
    }

    @Test
    void eventTimestampsAreUnixSecondsWithNanos() {
        assertThat(EventsController.timestamp("1700000000.000000001")).isEqualTo(Instant.ofEpochSecond(1700000000, 1));
        assertThat(EventsController.timestamp("")).isNull();
        assertThatThrownBy(() -> EventsController.timestamp("abc")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("strconv.ParseInt: parsing \"abc\": invalid syntax");
    }
}
