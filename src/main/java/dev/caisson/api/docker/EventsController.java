package dev.caisson.api.docker;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.platform.streams.AsyncStream;
import dev.caisson.platform.streams.StreamScheduler;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.platform.events.EventBus;

/**
 * `docker events`: JSON lines from the EventBus. With since, the retained history from then
 * comes first; with an until in the past the answer ends after the history, otherwise the
 * stream ends at until (or when the client leaves). No request thread waits meanwhile.
 */
@RestController
class EventsController {
    private final EventBus bus;
    private final StreamScheduler scheduler;
    private final VisibleObjects visible;

    EventsController(EventBus bus, StreamScheduler scheduler, VisibleObjects visible) {
        this.bus = bus;
        this.scheduler = scheduler;
        this.visible = visible;
    }

    @GetMapping("/events")
    void events(@RequestParam(required = false) String since, @RequestParam(required = false) String until,
                @RequestParam(required = false) String filters,
                HttpServletRequest req, HttpServletResponse res) throws IOException {
        Instant from = timestamp(since);
        Instant to = timestamp(until);
        EventFilter filter = new EventFilter(DockerFilters.parse(filters), visible.events());
        Instant now = Instant.now();
        AsyncStream out = AsyncStream.start(req, res, "application/json");
        boolean live = to == null || to.isAfter(now);
        EventFeed feed = new EventFeed(out::send, filter, from, to);
        feed.start(bus, live);
        if (!live) {
            out.close();
            return;
        }
        out.onDone(feed::stop);
        if (to != null) {
            scheduler.after(Duration.between(now, to).toMillis() + 1, () -> {
                feed.stop();
                out.close();
            });
        }
    }

    /** Docker's timestamps: unix seconds with an optional fraction ("1700000000.000000001"). */
    static Instant timestamp(String v) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            BigDecimal d = new BigDecimal(v);
            long sec = d.longValue();
            return Instant.ofEpochSecond(sec, d.subtract(BigDecimal.valueOf(sec)).movePointRight(9).longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidArgumentException("strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
        }
    }
}
