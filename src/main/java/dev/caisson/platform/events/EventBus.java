package dev.caisson.platform.events;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import dev.caisson.engine.Engine;

/**
 * Where every Docker event of the platform goes: container events come from the engine's
 * runtime listeners; services publish the others (image, network, volume). Subscribers see
 * each event once, in order; the most recent ones are kept for `since` queries, also across
 * restarts when a {@link RecentEvents} store is given.
 */
@Component
public class EventBus {
    /** How many recent events are kept (in memory and in the store). */
    public static final int RECENT = 1024;

    private final ArrayDeque<DockerEvent> recent = new ArrayDeque<>();
    private final List<Consumer<DockerEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final RecentEvents store;

    public EventBus(Engine engine) {
        this(engine, RecentEvents.NONE);
    }

    @Autowired
    public EventBus(Engine engine, RecentEvents store) {
        this.store = store;
        recent.addAll(store.load(RECENT));
        engine.containers().addListener(e -> publish(new DockerEvent("container", e.action(), e.containerId(),
                e.attributes(), e.time())));
        engine.networks().addListener(e -> publish(NetworkEvents.docker(e)));
    }

    public void publish(DockerEvent e) {
        synchronized (recent) {
            recent.addLast(e);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
            store.append(e);   // under the lock: stored in the order kept here
        }
        for (Consumer<DockerEvent> s : subscribers) {
            s.accept(e);
        }
    }

    /** Registers a subscriber; closing the handle unsubscribes it. */
    public AutoCloseable subscribe(Consumer<DockerEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** The retained recent events, oldest first. */
    public List<DockerEvent> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
