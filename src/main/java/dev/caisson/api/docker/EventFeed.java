package dev.caisson.api.docker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;
import tools.jackson.databind.json.JsonMapper;

/**
 * One /events client: the retained events from `since` on, then live ones, with no event
 * twice and none lost in between. It subscribes first and holds back what arrives while it
 * replays the history; the bus adds an event to its history before telling subscribers, so
 * every held-back or later event that is not the same object as a replayed one is new.
 */
final class EventFeed implements Consumer<DockerEvent> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Consumer<byte[]> out;
    private final EventFilter filter;
    private final Instant since;
    private final Instant until;
    private final Set<DockerEvent> replayed = Collections.newSetFromMap(new IdentityHashMap<>());
    private List<DockerEvent> heldBack = new ArrayList<>();
    private final AtomicReference<AutoCloseable> subscription = new AtomicReference<>();

    /** @param out receives one JSON line per event */
    EventFeed(Consumer<byte[]> out, EventFilter filter, Instant since, Instant until) {
        this.out = out;
        this.filter = filter;
        this.since = since;
        this.until = until;
    }

    /** Replays the history (when since is given) and, with live, stays subscribed until {@link #stop}. */
    void start(EventBus bus, boolean live) {
        if (live) {
            subscription.set(bus.subscribe(this));
        }
        List<DockerEvent> history = bus.recent();
        synchronized (this) {
            replayed.addAll(history);
            if (since != null) {
                history.forEach(this::deliver);
            }
            heldBack.stream().filter(e -> !replayed.contains(e)).forEach(this::deliver);
            heldBack = null;
        }
    }

    @Override
    public synchronized void accept(DockerEvent e) {
        if (heldBack != null) {
            heldBack.add(e);
        } else if (!replayed.contains(e)) {
            deliver(e);
        }
    }

    private void deliver(DockerEvent e) {
        if (since != null && e.time().isBefore(since) || until != null && e.time().isAfter(until)
                || !filter.includes(e)) {
            return;
        }
        byte[] json = JSON.writeValueAsBytes(EventView.of(e));
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        out.accept(line);
    }

    /** Unsubscribes. Takes no lock: it runs when the stream ends, from threads that may hold the stream's. */
    void stop() {
        AutoCloseable s = subscription.getAndSet(null);
        if (s != null) {
            try {
                s.close();
            } catch (Exception ignored) {
                // unsubscribing cannot fail in a way we could act on
            }
        }
    }
}
