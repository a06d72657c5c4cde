package dev.caisson.platform.events;

import java.time.Instant;
import java.util.Map;

/**
 * One event as Docker's /events reports it: Type (container, image, network, volume, ...),
 * Action (create, start, die, tag, ...), the Actor's ID and attributes, and when.
 */
public record DockerEvent(String type, String action, String actorId, Map<String, String> attributes, Instant time) {
    public DockerEvent {
        attributes = Map.copyOf(attributes);
    }
}
