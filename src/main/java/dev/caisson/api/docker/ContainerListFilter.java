package dev.caisson.api.docker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.caisson.engine.Engine;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerState;

/**
 * Docker's `ps` selection: all / limit / filters over the containers, newest first. `limit`
 * and a `status` filter imply all; `before` and `since` cut the newest-first list at a
 * container (neither end included); `ancestor` also matches images committed from the image.
 */
final class ContainerListFilter {
    static final Set<String> FILTERS = Set.of("ancestor", "before", "exited", "health", "id", "isolation", "label",
            "name", "status", "since", "volume", "network", "is-task", "publish", "expose");
    private static final Set<String> STATES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");
    private static final Set<String> HEALTH = Set.of("starting", "healthy", "unhealthy", "none");

    private final DockerFilters f;
    private final dev.caisson.engine.network.NetworkService networks;
    private final boolean all;
    private final int limit;
    private final Set<Integer> exitCodes = new HashSet<>();
    private final Set<String> ancestors = new HashSet<>();
    private final String before;
    private final String since;
    private final boolean isTask;

    ContainerListFilter(Engine engine, DockerFilters filters, boolean all, int limit) {
        this.f = filters.accept(FILTERS);
        this.networks = engine.networks();
        this.limit = limit;
        this.all = all || limit > 0 || f.has("status");
        for (String s : f.values("status")) {
            if (!STATES.contains(s)) {
                throw new InvalidArgumentException("Invalid filter 'status=" + s + "'");
            }
        }
        for (String h : f.values("health")) {
            if (!HEALTH.contains(h)) {
                throw new InvalidArgumentException("Unrecognised filter value for health: " + h);
            }
        }
        for (String e : f.values("exited")) {
            exitCodes.add(atoi(e));
        }
        isTask = bool("is-task");
        before = f.has("before") ? engine.containers().get(f.values("before").iterator().next()).id() : null;
        since = f.has("since") ? engine.containers().get(f.values("since").iterator().next()).id() : null;
        if (f.has("ancestor")) {
            ancestors.addAll(imagesDescendedFrom(engine, f.values("ancestor")));
        }
    }

    /** The selected containers of a newest-first list. */
    List<Container> select(List<Container> newestFirst) {
        List<Container> out = new ArrayList<>();
        boolean beforeSeen = before == null;
        for (Container c : newestFirst) {
            if (!beforeSeen) {
                beforeSeen = c.id().equals(before);
                continue;
            }
            if (c.id().equals(since)) {
                break;
            }
            if (includes(c)) {
                out.add(c);
                if (limit > 0 && out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    private boolean includes(Container c) {
        ContainerState s = c.state();
        if (!all && !s.running()) {
            return false;
        }
        if (!f.regex("name", "/" + c.name()) && !f.regex("name", c.name())) {
            return false;
        }
        if (!f.regex("id", c.id()) || !f.labels("label", c.spec().labels()) || !f.exact("status", s.status().word())) {
            return false;
        }
        if (!exitCodes.isEmpty() && (s.running() || s.startedAt() == null || !exitCodes.contains(s.exitCode()))) {
            return false;
        }
        if (f.has("ancestor") && !ancestors.contains(c.imageId())) {
            return false;
        }
        // no health checks, volumes or published ports yet: "none" is every container's health
        if (!f.exact("health", "none") || f.has("volume") || f.has("publish") || f.has("expose")) {
            return false;
        }
        return onNetwork(c) && f.exact("isolation", "default") && !isTask;
    }

    /** Docker's network filter: a network's exact name, or a prefix of its ID, among the container's networks. */
    private boolean onNetwork(Container c) {
        if (!f.has("network")) {
            return true;
        }
        String mode = c.spec().networkMode();
        for (String v : f.values("network")) {
            if (v.equals(mode) || networks.endpoints(c.id()).stream().anyMatch(e -> e.networkName().equals(v)
                    || e.networkId().startsWith(v))) {
                return true;
            }
        }
        return false;
    }

    /** The images given (by name or ID) and every image committed on top of one of them. */
    private static Set<String> imagesDescendedFrom(Engine engine, Set<String> refs) {
        Set<String> roots = new HashSet<>();
        for (String r : refs) {
            engine.images().find(r).ifPresent(i -> roots.add(i.id()));   // Docker ignores unknown images
        }
        Map<String, String> parent = new HashMap<>();
        for (Image i : engine.images().list()) {
            if (i.parent() != null) {
                parent.put(i.id(), i.parent());
            }
        }
        Set<String> out = new HashSet<>(roots);
        for (Image i : engine.images().list()) {
            for (String p = i.id(); p != null; p = parent.get(p)) {
                if (roots.contains(p)) {
                    out.add(i.id());
                    break;
                }
            }
        }
        return out;
    }

    private boolean bool(String name) {
        boolean value = false;
        for (String v : f.values(name)) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false") && !v.equals("1") && !v.equals("0")) {
                throw new InvalidArgumentException("Invalid filter '" + name + "=" + v + "'");
            }
            value = v.equalsIgnoreCase("true") || v.equals("1");
        }
        return value;
    }

    /** Go's strconv.Atoi, with its error text (what Docker answers for exited=abc). */
    static int atoi(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("strconv.Atoi: parsing \"" + v + "\": invalid syntax");
        }
    }
}
