package dev.caisson.api.docker;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.image.ConfigChanges;
import dev.caisson.engine.image.ConfigJson;
import dev.caisson.engine.image.ConfigMerge;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImageConfig;
import dev.caisson.engine.image.Reference;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;

/** `docker commit`: a container's changes become a new image. */
@RestController
class CommitController {
    private final ContainerRuntime rt;
    private final EventBus events;

    CommitController(Engine engine, EventBus events) {
        this.rt = engine.containers();
        this.events = events;
    }

    /**
     * Without a body the image keeps the container's config; a body (Docker's container Config)
     * replaces it, the container's config filling what the body leaves out. The changes (CLI
     * {@code -c}) apply on top. {@code pause} (default true) freezes a running container during the copy.
     */
    @PostMapping("/commit")
    ResponseEntity<Map<String, Object>> commit(HttpServletRequest request,
                                               @RequestParam String container,
                                               @RequestParam(required = false) String repo,
                                               @RequestParam(required = false) String tag,
                                               @RequestParam(required = false) String comment,
                                               @RequestParam(required = false) String author,
                                               @RequestParam(required = false) String pause,
                                               @RequestParam(required = false) List<String> changes) throws IOException {
        Container c = rt.get(container);
        ImageConfig requested;
        try (InputStream in = request.getInputStream()) {
            requested = ConfigJson.parse(in.readAllBytes());
        }
        ImageConfig own = rt.commitConfig(c.id());
        ImageConfig config = requested == null ? ConfigChanges.apply(own, changes)
                : ConfigMerge.merge(ConfigChanges.apply(requested, changes), own);
        String ref = repo == null || repo.isEmpty() ? null : Reference.parse(repo, tag).toString();
        boolean freeze = pause == null || pause.isEmpty() || ContainersController.flag(pause);
        Image img = rt.commit(c.id(), config, comment, author, ref, freeze);
        if (ref != null) {
            ImageEvents.publish(events, "tag", img.id(), ref);
        }
        Map<String, String> attrs = new LinkedHashMap<>(c.spec().labels());
        attrs.put("comment", comment == null ? "" : comment);
        attrs.put("image", c.spec().image());
        attrs.put("imageID", img.id());
        attrs.put("imageRef", ref == null ? "" : ref);
        attrs.put("name", c.name());
        events.publish(new DockerEvent("container", "commit", c.id(), attrs, Instant.now()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", img.id());
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }
}
