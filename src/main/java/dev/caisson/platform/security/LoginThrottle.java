package dev.caisson.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after {@link #PER_USER} failed logins for one user name, or
 * {@link #PER_ADDRESS} from one source address, further attempts are refused without checking
 * the password, for a delay that doubles with each further failure (at most {@link #MAX_DELAY}).
 * Failures are forgotten after {@link #WINDOW} without one. Kept in memory: a restart forgets it.
 */
@Component
public class LoginThrottle {
    static final int PER_USER = 5;
    static final int PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    private static final int MAX_KEYS = 10_000;

    private static final class State {
        int failures;
        Instant last;
        Instant lockedUntil = Instant.EPOCH;
    }

    private final Clock clock;
    private final Map<String, State> states = new LinkedHashMap<>(16, 0.75f, true);

    @Autowired
    public LoginThrottle() {
        this(Clock.systemUTC());
    }

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this user or address must still wait, if locked out. */
    public synchronized Optional<Duration> retryAfter(String user, String address) {
        Instant now = clock.instant();
        Instant until = max(lockedUntil("u:" + user, now), lockedUntil("a:" + address, now));
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    public synchronized void failed(String user, String address) {
        Instant now = clock.instant();
        fail("u:" + user, PER_USER, now);
        fail("a:" + address, PER_ADDRESS, now);
    }

    /** A success clears the user's failures (not the address's: one's own account must not reset a guesser). */
    public synchronized void succeeded(String user) {
        states.remove("u:" + user);
    }

    private void fail(String key, int threshold, Instant now) {
        State s = current(key, now);
        if (s == null) {
            s = new State();
            states.put(key, s);
            trim();
        }
        s.failures++;
        s.last = now;
        if (s.failures >= threshold) {
            long seconds = 1L << Math.min(20, s.failures - threshold);
            s.lockedUntil = now.plus(Duration.ofSeconds(seconds).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : Duration.ofSeconds(seconds));
        }
    }

    private Instant lockedUntil(String key, Instant now) {
        State s = current(key, now);
        return s == null ? Instant.EPOCH : s.lockedUntil;
    }

    private State current(String key, Instant now) {
        State s = states.get(key);
        if (s != null && s.last.plus(WINDOW).isBefore(now) && !s.lockedUntil.isAfter(now)) {
            states.remove(key);
            return null;
        }
        return s;
    }

    private void trim() {
        Iterator<State> it = states.values().iterator();
        while (states.size() > MAX_KEYS && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
