package dev.caisson.api.docker;

import java.util.Set;

import dev.caisson.platform.events.DockerEvent;

/**
 * Docker's /events filters: type, event (action), container, image, label, plus the object
 * kinds that have IDs and names (network, volume, daemon, ...). A filter on a kind keeps
 * only events of that kind whose ID starts with, or whose name starts with, a value.
 */
final class EventFilter {
    /** Actions that carry a detail after a colon ("exec_start: sh"); a filter naming only the action matches them. */
    private static final Set<String> PREFIX_ACTIONS = Set.of("health_status", "exec_create", "exec_start");
    private static final Set<String> KINDS = Set.of("container", "network", "volume", "daemon", "plugin", "node",
            "service", "secret", "config");

    private final DockerFilters f;
    /** Which events the client may see at all (ownership); all for admins. */
    private final java.util.function.Predicate<DockerEvent> visible;

    EventFilter(DockerFilters f) {
        this(f, e -> true);
    }

    EventFilter(DockerFilters f, java.util.function.Predicate<DockerEvent> visible) {
        this.f = f;
        this.visible = visible;
    }

    boolean includes(DockerEvent e) {
        if (!visible.test(e)) {
            return false;
        }
        if (!f.exact("type", e.type()) || !matchAction(e.action()) || !f.labels("label", e.attributes())) {
            return false;
        }
        if (!f.exact("scope", "local") || !matchImage(e)) {
            return false;
        }
        for (String kind : KINDS) {
            if (f.has(kind) && !(e.type().equals(kind)
                    && (f.fuzzy(kind, e.actorId()) || f.fuzzy(kind, e.attributes().get("name"))))) {
                return false;
            }
        }
        return true;
    }

    private boolean matchAction(String action) {
        if (f.exact("event", action)) {
            return true;
        }
        return f.values("event").stream().anyMatch(v -> PREFIX_ACTIONS.contains(v) && action.startsWith(v));
    }

    /** Image events by ID or name, container events by the image they were created from; with or without tag. */
    private boolean matchImage(DockerEvent e) {
        if (!f.has("image")) {
            return true;
        }
        String id;
        String name;
        if (e.type().equals("image")) {
            id = e.actorId();
            name = e.attributes().get("name");
        } else if (e.type().equals("container")) {
            id = e.attributes().get("image");
            name = id;
        } else {
            return false;
        }
        for (String candidate : new String[]{id, name, stripTag(id), stripTag(name)}) {
            if (candidate != null && f.values("image").contains(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** "repo:tag" → "repo"; a registry port ("host:5000/repo") is not a tag. */
    static String stripTag(String ref) {
        if (ref == null) {
            return null;
        }
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') && !ref.startsWith("sha256:") ? ref.substring(0, colon) : ref;
    }
}
