package dev.caisson.engine.dns;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link NameLookup} with Docker's rules, fed by the network layer when a
 * container's endpoints come up ({@link #put}) and go ({@link #remove}). Register only
 * user-defined networks: on the default bridge Docker resolves no container names.
 *
 * <p>Rules: names are case-insensitive; on a network a container answers to its name, its
 * 12-character short ID and its aliases there, and several containers may share an alias
 * (all their addresses are returned). "a.b" is also tried as name "a" on network "b". The
 * asker's networks are searched in the order given to put; the first one that knows the name
 * answers. A PTR answer is the container's name and the network's: "web.mynet".
 */
public final class ServiceRecords implements NameLookup {
    /** A container's attachment to one user-defined network. */
    public record Endpoint(String network, Inet4Address address, List<String> aliases, boolean internal) {
        public Endpoint {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    private record Entry(String name, String shortId, List<Endpoint> endpoints) {
        boolean answersTo(String n, Endpoint on) {
            if (n.equals(name) || n.equals(shortId)) {
                return true;
            }
            for (String alias : on.aliases()) {
                if (alias.toLowerCase(Locale.ROOT).equals(n)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Map<String, Entry> containers = new ConcurrentHashMap<>();

    /** Sets (or replaces, after a connect/disconnect) the container's endpoints. */
    public void put(String containerId, String containerName, List<Endpoint> endpoints) {
        String name = containerName.startsWith("/") ? containerName.substring(1) : containerName;
        String shortId = containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
        containers.put(containerId, new Entry(name.toLowerCase(Locale.ROOT), shortId.toLowerCase(Locale.ROOT),
                List.copyOf(endpoints)));
    }

    public void remove(String containerId) {
        containers.remove(containerId);
    }

    @Override
    public List<Inet4Address> addresses(String containerId, String name) {
        Entry asker = containers.get(containerId);
        if (asker == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        List<Inet4Address> found = lookup(asker, n, null);
        // "a.b.c": name "a.b" on network "c", then "a" on network "b.c"
        for (int dot = n.lastIndexOf('.'); found == null && dot > 0; dot = n.lastIndexOf('.', dot - 1)) {
            found = lookup(asker, n.substring(0, dot), n.substring(dot + 1));
        }
        return found;
    }

    @Override
    public String hostName(String containerId, Inet4Address address) {
        Entry asker = containers.get(containerId);
        if (asker == null) {
            return null;
        }
        for (Endpoint mine : asker.endpoints()) {
            for (Entry other : containers.values()) {
                for (Endpoint e : other.endpoints()) {
                    if (e.network().equals(mine.network()) && e.address().equals(address)) {
                        return other.name() + "." + e.network();
                    }
                }
            }
        }
        return null;
    }

    @Override
    public boolean forwards(String containerId) {
        Entry asker = containers.get(containerId);
        return asker == null || asker.endpoints().stream().anyMatch(e -> !e.internal());
    }

    private List<Inet4Address> lookup(Entry asker, String name, String network) {
        for (Endpoint mine : asker.endpoints()) {
            if (network != null && !network.equalsIgnoreCase(mine.network())) {
                continue;
            }
            Set<Inet4Address> hits = new LinkedHashSet<>();
            for (Entry other : containers.values()) {
                for (Endpoint e : other.endpoints()) {
                    if (e.network().equals(mine.network()) && other.answersTo(name, e)) {
                        hits.add(e.address());
                    }
                }
            }
            if (!hits.isEmpty()) {
                return new ArrayList<>(hits);
            }
        }
        return null;
    }
}
