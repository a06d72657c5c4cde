package dev.caisson.platform.events;

import java.util.List;

/**
 * Where the {@link EventBus} keeps its recent events across restarts, so `/events?since=`
 * still finds what happened before the platform came back. Appends must be cheap: they are
 * made on the thread that publishes (a container start, for one).
 */
public interface RecentEvents {
    /** Keeps nothing: the bus remembers only what it saw since it started. */
    RecentEvents NONE = new RecentEvents() {
        @Override
        public List<DockerEvent> load(int limit) {
            return List.of();
        }

        @Override
        public void append(DockerEvent e) {
        }
    };

    /** The last {@code limit} events, oldest first. */
    List<DockerEvent> load(int limit);

    void append(DockerEvent e);
}
