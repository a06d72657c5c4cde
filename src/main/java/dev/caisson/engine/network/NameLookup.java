package dev.caisson.engine.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.Networking;

/**
 * Docker's embedded DNS names for one asking container: on each user-defined network it is
 * attached to, the running containers there answer to their name, their aliases on that
 * network and their 12-digit short ID. Names are compared without case and a final dot.
 * Reads names live, so a rename is seen at once.
 */
final class NameLookup {
    private final NetworkState state;
    private final Networking.Containers containers;

    NameLookup(NetworkState state, Networking.Containers containers) {
        this.state = state;
        this.containers = containers;
    }

    List<String> resolve(String containerId, String name) {
        String q = name.toLowerCase(Locale.ROOT);
        if (q.endsWith(".")) {
            q = q.substring(0, q.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (Endpoint mine : state.endpoints(containerId)) {
            Network n = state.byId(mine.networkId()).orElse(null);
            if (!mine.live() || n == null || !n.userDefined()) {
                continue;
            }
            for (Endpoint other : state.liveOn(n.id())) {
                if (matches(other, q) && !out.contains(other.ipv4())) {
                    out.add(other.ipv4());
                }
            }
        }
        return out;
    }

    private boolean matches(Endpoint e, String q) {
        if (e.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(q))) {
            return true;
        }
        if (q.length() == 12 && e.containerId().startsWith(q)) {
            return true;
        }
        try {
            Container c = containers.get(e.containerId());
            return c.name().toLowerCase(Locale.ROOT).equals(q);
        } catch (NotFoundException gone) {
            return false;
        }
    }
}
