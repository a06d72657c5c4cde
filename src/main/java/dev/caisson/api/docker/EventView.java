package dev.caisson.api.docker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.caisson.platform.events.DockerEvent;

/**
 * An event in the JSON of Docker's /events: Type, Action, Actor, scope and time, plus the
 * older status/id/from fields Docker still fills for container and image events.
 * Attributes are sorted by name, as Go writes a map.
 */
final class EventView {
    private EventView() {
    }

    static Map<String, Object> of(DockerEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (e.type().equals("container") || e.type().equals("image")) {
            m.put("status", e.action());
            m.put("id", e.actorId());
            String image = e.attributes().get("image");
            if (e.type().equals("container") && image != null) {
                m.put("from", image);
            }
        }
        m.put("Type", e.type());
        m.put("Action", e.action());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("ID", e.actorId());
        actor.put("Attributes", new TreeMap<>(e.attributes()));
        m.put("Actor", actor);
        m.put("scope", "local");
        m.put("time", e.time().getEpochSecond());
        m.put("timeNano", e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano());
        return m;
    }
}
