package dev.caisson.engine.volume;

import java.time.Instant;
import java.util.Map;

/**
 * A volume event as Docker reports it: create, destroy, mount, unmount (by a container) and
 * prune (name empty). Attributes: driver, and for mounts container, destination, propagation
 * and read/write; for prune the bytes reclaimed.
 */
public record VolumeEvent(String action, String name, Map<String, String> attributes, Instant time) {
    public VolumeEvent {
        attributes = Map.copyOf(attributes);
    }
}
