package dev.caisson.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aUserIsLockedOutAfterRepeatedFailuresForADelayThatGrows() {
        MovingClock clock = new MovingClock();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.PER_USER - 1; i++) {
            t.failed("op1", "10.0.0.1");
            assertThat(t.retryAfter("op1", "10.0.0.1")).isEmpty();
        }
        t.failed("op1", "10.0.0.2");
        assertThat(t.retryAfter("op1", "10.0.0.9")).as("per user, from any address").contains(Duration.ofSeconds(1));
        assertThat(t.retryAfter("op2", "10.0.0.9")).isEmpty();
        clock.now = clock.now.plusSeconds(2);
        assertThat(t.retryAfter("op1", "10.0.0.9")).isEmpty();
        t.failed("op1", "10.0.0.9");
        t.failed("op1", "10.0.0.9");
        assertThat(t.retryAfter("op1", "10.0.0.9")).contains(Duration.ofSeconds(4));
        t.succeeded("op1");
        assertThat(t.retryAfter("op1", "10.0.0.9")).isEmpty();
    }

    @Test
    void anAddressGuessingManyNamesIsLockedOutAndFailuresAreForgotten() {
        MovingClock clock = new MovingClock();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.PER_ADDRESS; i++) {
            t.failed("user" + i, "10.0.0.7");
        }
        assertThat(t.retryAfter("someone-else", "10.0.0.7")).isPresent();
        assertThat(t.retryAfter("someone-else", "10.0.0.8")).isEmpty();
        t.succeeded("user1");
        assertThat(t.retryAfter("user1", "10.0.0.7")).as("a success does not clear the address").isPresent();
        clock.now = clock.now.plus(LoginThrottle.WINDOW).plusSeconds(LoginThrottle.MAX_DELAY.toSeconds() + 1);
        assertThat(t.retryAfter("user1", "10.0.0.7")).isEmpty();
    }
}
