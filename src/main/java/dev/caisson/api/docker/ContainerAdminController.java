package dev.caisson.api.docker;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.Engine;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;

/** Changing containers as a whole: rename, resource update, prune of stopped ones. */
@RestController
class ContainerAdminController {
    private final ContainerRuntime rt;
    private final DockerPrune prune;

    ContainerAdminController(Engine engine, DockerPrune prune) {
        this.rt = engine.containers();
        this.prune = prune;
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
        return prune.containers(filters);
    }
}
