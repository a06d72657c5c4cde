package dev.caisson.engine.image;

import java.time.Duration;
import java.util.List;

/** An image's health check; zero durations/retries mean "use the default". */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, Duration startPeriod, int retries) {
    public Healthcheck {
        test = test == null ? List.of() : List.copyOf(test);
        interval = interval == null ? Duration.ZERO : interval;
        timeout = timeout == null ? Duration.ZERO : timeout;
        startPeriod = startPeriod == null ? Duration.ZERO : startPeriod;
    }
}
