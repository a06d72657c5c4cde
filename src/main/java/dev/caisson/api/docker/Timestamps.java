package dev.caisson.api.docker;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.caisson.engine.InvalidArgumentException;

/**
 * The time values Docker's filters take (prune's until): a Go duration back from now
 * ("10m", "1h30m"), an RFC 3339 date or time (UTC when it has no zone), or unix seconds
 * with an optional fraction.
 */
final class Timestamps {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private Timestamps() {
    }

    static Instant parse(String value, Instant now) {
        Long nanos = goDuration(value);
        if (nanos != null) {
            return now.minusNanos(nanos);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException ignored) {
            // not a full timestamp with zone
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // not a zone-less timestamp
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // not a date
        }
        try {
            BigDecimal d = new BigDecimal(value);
            long sec = d.longValue();
            return Instant.ofEpochSecond(sec, d.subtract(BigDecimal.valueOf(sec)).movePointRight(9).longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidArgumentException("failed to parse value as time or duration: \"" + value + "\"");
        }
    }

    /** Go's time.ParseDuration for non-negative values; null when the text is not one. */
    static Long goDuration(String s) {
        if (s.isEmpty() || s.equals("0")) {
            return s.isEmpty() ? null : 0L;
        }
        Matcher m = DURATION_PART.matcher(s);
        double total = 0;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            total += n * switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            at = m.end();
        }
        return at == s.length() ? (long) total : null;
    }
}
