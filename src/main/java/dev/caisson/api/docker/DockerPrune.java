package dev.caisson.api.docker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.stereotype.Component;

import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImagePrune;
import dev.caisson.engine.network.Network;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.volume.VolumeService;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;

/**
 * Docker's prunes with its filters and answers (ContainersDeleted, ImagesDeleted, ...,
 * SpaceReclaimed), for the Engine API's prune routes and the dashboard's system page alike.
 * Who may prune is decided by the callers (ADMIN in both).
 */
@Component
public class DockerPrune {
    private static final System.Logger LOG = System.getLogger(DockerPrune.class.getName());
    private static final Set<String> NETWORK_FILTERS = Set.of("until", "label", "label!");
    private static final Set<String> VOLUME_FILTERS = Set.of("label", "label!", "all");

    private final Engine engine;
    private final EventBus events;

    DockerPrune(Engine engine, EventBus events) {
        this.engine = engine;
        this.events = events;
    }

    /** `docker container prune`: stopped containers. */
    public Map<String, Object> containers(String filters) {
        DockerFilters f = DockerFilters.parse(filters).accept(Set.of("until", "label", "label!"));
        Instant now = Instant.now();
        List<Instant> until = f.values("until").stream().map(v -> Timestamps.parse(v, now)).toList();
        ContainerSizes sizes = new ContainerSizes(engine);
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : engine.containers().list()) {
            if (c.state().running() || !until.stream().allMatch(c.created()::isBefore)
                    || !f.labels("label", c.spec().labels())
                    || f.values("label!").stream().anyMatch(l -> DockerFilters.labelMatches(l, c.spec().labels()))) {
                continue;
            }
            long size = sizes.rw(c);
            try {
                engine.containers().remove(c.id(), false);
            } catch (EngineException e) {
                LOG.log(System.Logger.Level.WARNING, "prune: cannot remove " + c.id() + ": " + e.getMessage());
                continue;   // e.g. started meanwhile; Docker skips it too
            }
            deleted.add(c.id());
            reclaimed += size;
        }
        events.publish(new DockerEvent("container", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)), now));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ContainersDeleted", deleted.isEmpty() ? null : deleted);   // Docker's nil list
        out.put("SpaceReclaimed", reclaimed);
        return out;
    }

    /** `docker image prune [-a]`: dangling images, or with {"dangling":["false"]} every unused one. */
    public Map<String, Object> images(String filters) {
        FilterArgs f = FilterArgs.parse(filters);
        Predicate<Image> match = ImageFilters.prune(f);
        ImagePrune p = engine.images().prune(ImageFilters.danglingOnly(f), match, DockerImages.users(engine));
        ImageEvents.removed(events, p.deleted());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ImagesDeleted", p.deleted().isEmpty() ? null : ImageEvents.json(p.deleted()));
        out.put("SpaceReclaimed", p.spaceReclaimed());
        return out;
    }

    /** `docker network prune`: user-defined networks no running container uses. */
    public Map<String, Object> networks(String filters) {
        FilterArgs f = FilterArgs.parse(filters).allow(NETWORK_FILTERS);
        List<Instant> until = f.get("until").stream().map(v -> Timestamps.parse(v, Instant.now())).toList();
        Predicate<Network> select = n -> until.stream().allMatch(n.created()::isBefore)
                && f.labelsMatch("label", n.labels()) && notLabelled(f, n.labels());
        List<Network> removed = engine.networks().prune(select);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("NetworksDeleted", removed.isEmpty() ? null : NetworkViews.names(removed));
        return out;
    }

    /**
     * `docker volume prune`: unused anonymous volumes, or every unused one with all=true, which
     * requests of API versions before 1.42 imply ({@code impliedAll}).
     */
    public Map<String, Object> volumes(String filters, boolean impliedAll) {
        DockerFilters f = DockerFilters.parse(filters).accept(VOLUME_FILTERS);
        Set<String> allValues = new LinkedHashSet<>(f.values("all"));
        if (impliedAll) {
            allValues.add("true");
        }
        if (allValues.size() > 1) {
            throw new InvalidArgumentException("invalid filter 'all=[" + String.join(" ", allValues)
                    + "]': only one value is expected");
        }
        boolean everything = !allValues.isEmpty() && VolumesController.parseBool("all", allValues.iterator().next());
        VolumeService.Pruned p = engine.volumes().prune(v -> (everything || v.anonymous())
                && f.labels("label", v.labels()) && (!f.has("label!") || !f.labels("label!", v.labels())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("VolumesDeleted", p.deleted());
        out.put("SpaceReclaimed", p.reclaimed());
        return out;
    }

    /** `docker builder prune`: Caisson has no build cache yet, so nothing goes. */
    public Map<String, Object> buildCache() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("CachesDeleted", null);
        out.put("SpaceReclaimed", 0L);
        return out;
    }

    /** prune's label!: networks carrying any of these labels (key, or key=value) are kept. */
    private static boolean notLabelled(FilterArgs f, Map<String, String> labels) {
        for (String want : f.get("label!")) {
            int eq = want.indexOf('=');
            String key = eq < 0 ? want : want.substring(0, eq);
            if (labels.containsKey(key) && (eq < 0 || labels.get(key).equals(want.substring(eq + 1)))) {
                return false;
            }
        }
        return true;
    }
}
