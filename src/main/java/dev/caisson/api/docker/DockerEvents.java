package dev.caisson.api.docker;

import java.time.Instant;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import dev.caisson.platform.events.EventBus;

/**
 * `docker events` for other parts of the platform (the dashboard's events page): the same feed
 * as /events (retained history, then live events, none twice), the same filters and the same
 * rule that a caller sees only events of objects they may see, in the JSON /events writes.
 */
@Component
public class DockerEvents {
    private final EventBus bus;
    private final VisibleObjects visible;

    DockerEvents(EventBus bus, VisibleObjects visible) {
        this.bus = bus;
        this.visible = visible;
    }

    /** A feed prepared for the current caller; bad filters (Docker's filters JSON) fail here, before anything is sent. */
    public Feed feed(String filters, Instant since) {
        return new Feed(new EventFilter(DockerFilters.parse(filters), visible.events()), since);
    }

    /** A prepared feed: started once, stopped when its reader goes. */
    public final class Feed {
        private final EventFilter filter;
        private final Instant since;

        private Feed(EventFilter filter, Instant since) {
            this.filter = filter;
            this.since = since;
        }

        /**
         * Sends the retained events from since on, then each new one, to out (one JSON line
         * each, on the publisher's thread); closing the handle ends the subscription.
         */
        public AutoCloseable start(Consumer<byte[]> out) {
            EventFeed feed = new EventFeed(out, filter, since, null);
            feed.start(bus, true);
            return feed::stop;
        }
    }
}
