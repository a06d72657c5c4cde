package dev.caisson.api.docker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.storage.Change;

/** A container's filesystem: `docker diff` (changes against the image) and `docker export` (the whole tree as a tar). */
@RestController
class ContainerFilesController {
    private final ContainerRuntime rt;

    ContainerFilesController(Engine engine) {
        this.rt = engine.containers();
    }

    /** Kind is Docker's number: 0 changed, 1 added, 2 deleted; null when nothing changed. */
    @GetMapping("/containers/{id}/changes")
    ResponseEntity<?> changes(@PathVariable String id) {
        List<Change> changes = rt.changes(id);
        if (changes.isEmpty()) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("null\n");   // Go's nil list
        }
        return ResponseEntity.ok(changes.stream().map(ch -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Path", ch.path());
            m.put("Kind", switch (ch.kind()) {
                case CHANGED -> 0;
                case ADDED -> 1;
                case DELETED -> 2;
            });
            return m;
        }).toList());
    }

    /** Written by Spring's task executor, not a request thread: a large filesystem takes a while. */
    @GetMapping("/containers/{id}/export")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String id) {
        Container c = rt.get(id);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-tar"))
                .body(out -> rt.export(c.id(), out));
    }
}
