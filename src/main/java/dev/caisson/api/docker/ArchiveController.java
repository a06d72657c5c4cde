package dev.caisson.api.docker;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.caisson.engine.Engine;
import dev.caisson.engine.archive.ContainerArchive;
import dev.caisson.engine.archive.PathStat;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;

/** docker cp: HEAD (stat), GET (tar out) and PUT (tar in) of /containers/{id}/archive. */
@RestController
class ArchiveController {
    private final ContainerRuntime rt;
    private final ContainerArchive archive;
    private final EventBus events;

    ArchiveController(Engine engine, EventBus events) {
        this.rt = engine.containers();
        this.archive = new ContainerArchive(rt);
        this.events = events;
    }

    /** Mapped explicitly: otherwise Spring would answer HEAD by running GET and dropping the tar. */
    @RequestMapping(path = "/containers/{id}/archive", method = RequestMethod.HEAD)
    ResponseEntity<Void> stat(@PathVariable String id, @RequestParam(required = false) String path) {
        PathStat s = archive.stat(id, path);
        return ResponseEntity.ok().header(PathStatHeader.NAME, PathStatHeader.encode(s)).build();
    }

    @GetMapping("/containers/{id}/archive")
    ResponseEntity<StreamingResponseBody> get(@PathVariable String id, @RequestParam(required = false) String path) {
        PathStat s = archive.stat(id, path);   // errors (404...) before the 200 is committed
        publish(id, "archive-path");
        StreamingResponseBody body = out -> archive.copyOut(id, path, out);
        return ResponseEntity.ok().header(PathStatHeader.NAME, PathStatHeader.encode(s))
                .contentType(MediaType.parseMediaType("application/x-tar")).body(body);
    }

    @PutMapping("/containers/{id}/archive")
    ResponseEntity<Void> put(@PathVariable String id, @RequestParam(required = false) String path,
                             @RequestParam(required = false) String noOverwriteDirNonDir,
                             @RequestParam(required = false) String copyUIDGID,
                             HttpServletRequest request) throws IOException {
        archive.copyIn(id, path, request.getInputStream(), ContainersController.flag(noOverwriteDirNonDir),
                ContainersController.flag(copyUIDGID));
        publish(id, "extract-to-dir");
        return ResponseEntity.ok().build();
    }

    private void publish(String ref, String action) {
        Container c = rt.get(ref);
        Map<String, String> attrs = new LinkedHashMap<>(c.spec().labels());
        attrs.put("image", c.spec().image());
        attrs.put("name", c.name());
        events.publish(new DockerEvent("container", action, c.id(), attrs, Instant.now()));
    }
}
