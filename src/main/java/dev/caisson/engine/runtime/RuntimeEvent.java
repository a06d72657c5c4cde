package dev.caisson.engine.runtime;

import java.time.Instant;
import java.util.Map;

/** Something that happened to a container (Docker's event actions: create, start, die, ...). */
public record RuntimeEvent(String containerId, String action, Map<String, String> attributes, Instant time) {
}
