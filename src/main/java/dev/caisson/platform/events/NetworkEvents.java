package dev.caisson.platform.events;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.caisson.engine.network.NetworkEvent;

/** Network events as Docker sends them: the network's ID as actor; name, type and the container (connect, disconnect). */
final class NetworkEvents {
    private NetworkEvents() {
    }

    static DockerEvent docker(NetworkEvent e) {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (e.containerId() != null) {
            attrs.put("container", e.containerId());
        }
        attrs.put("name", e.networkName());
        attrs.put("type", e.driver());
        return new DockerEvent("network", e.action(), e.networkId(), attrs, Instant.now());
    }
}
