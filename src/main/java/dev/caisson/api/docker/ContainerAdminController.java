package dev.caisson.api.docker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.Engine;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;

/** Changing containers as a whole: rename, resource update, prune of stopped ones. */
@RestController
class ContainerAdminController {
    private static final System.Logger LOG = System.getLogger(ContainerAdminController.class.getName());

    private final Engine engine;
    private final ContainerRuntime rt;
    private final EventBus events;

    ContainerAdminController(Engine engine, EventBus events) {
        this.engine = engine;
        this.rt = engine.containers();
        this.events = events;
    }

    @PostMapping("/containers/{id}/rename")
    ResponseEntity<Void> rename(@PathVariable String id, @RequestParam(required = false) String name) {
        Container c = rt.get(id);
        if (name == null || name.isEmpty()) {
            throw new InvalidArgumentException("Neither old nor new names may be empty");
        }
        try {
            rt.rename(c.id(), name);
        } catch (ConflictException e) {
            throw new ConflictException("Error when allocating new name: " + e.getMessage());
        } catch (InvalidArgumentException e) {
            if (!e.getMessage().startsWith("Invalid container name")) {
                throw e;
            }
            // Docker validates the name with its leading slash and says so
            throw new InvalidArgumentException("Error when allocating new name: Invalid container name ("
                    + (name.startsWith("/") ? name : "/" + name) + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return ResponseEntity.noContent().build();
    }

    /** `docker update`: resources and the restart policy. */
    @PostMapping("/containers/{id}/update")
    Map<String, Object> update(@PathVariable String id, @RequestBody ContainerUpdateRequest body) {
        rt.update(id, body.toResources());
        if (body.restartPolicy() != null && body.restartPolicy().name() != null && !body.restartPolicy().name().isEmpty()) {
            rt.updateRestartPolicy(id, new dev.caisson.engine.runtime.RestartPolicy(body.restartPolicy().name(),
                    body.restartPolicy().maximumRetryCount() == null ? 0 : body.restartPolicy().maximumRetryCount()));
        }
        return Map.of("Warnings", List.of());
    }

    @PostMapping("/containers/prune")
    Map<String, Object> prune(@RequestParam(required = false) String filters) {
        DockerFilters f = DockerFilters.parse(filters).accept(Set.of("until", "label", "label!"));
        Instant now = Instant.now();
        List<Instant> until = f.values("until").stream().map(v -> Timestamps.parse(v, now)).toList();
        ContainerSizes sizes = new ContainerSizes(engine);
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Container c : rt.list()) {
            if (c.state().running() || !until.stream().allMatch(c.created()::isBefore)
                    || !f.labels("label", c.spec().labels())
                    || f.values("label!").stream().anyMatch(l -> DockerFilters.labelMatches(l, c.spec().labels()))) {
                continue;
            }
            long size = sizes.rw(c);
            try {
                rt.remove(c.id(), false);
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
}
