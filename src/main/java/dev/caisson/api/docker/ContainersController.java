package dev.caisson.api.docker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ExitStatus;
import dev.caisson.engine.runtime.WaitCondition;

/** The container routes of the Engine API (a first set: create, lifecycle, wait, inspect, remove; list and logs have their own controllers). */
@RestController
class ContainersController {
    private final ContainerRuntime rt;
    private final Engine engine;
    private final DockerCreate creator;

    ContainersController(Engine engine, DockerCreate creator) {
        this.rt = engine.containers();
        this.engine = engine;
        this.creator = creator;
    }

    static boolean flag(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    @PostMapping("/containers/create")
    ResponseEntity<Map<String, Object>> create(@RequestParam(required = false) String name,
                                               @RequestBody ContainerCreateRequest body) {
        List<String> warnings = new ArrayList<>();
        Container c = creator.create(name, body, warnings);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", c.id());
        out.put("Warnings", warnings);
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @GetMapping("/containers/{id}/json")
    Map<String, Object> inspect(@PathVariable String id) {
        Container c = rt.get(id);
        return ContainerViews.inspect(c, rt.logFile(c.id()).toString(), engine.networks());
    }

    @PostMapping("/containers/{id}/start")
    ResponseEntity<Void> start(@PathVariable String id) {
        if (rt.get(id).state().running()) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).build();
        }
        rt.start(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/containers/{id}/stop")
    ResponseEntity<Void> stop(@PathVariable String id, @RequestParam(required = false) Integer t,
                              @RequestParam(required = false) String signal) {
        if (!rt.get(id).state().running()) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).build();
        }
        rt.stop(id, t, signal);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/containers/{id}/restart")
    ResponseEntity<Void> restart(@PathVariable String id, @RequestParam(required = false) Integer t) {
        rt.restart(id, t);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/containers/{id}/kill")
    ResponseEntity<Void> kill(@PathVariable String id, @RequestParam(required = false) String signal) {
        rt.kill(id, signal);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/containers/{id}/pause")
    ResponseEntity<Void> pause(@PathVariable String id) {
        rt.pause(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/containers/{id}/unpause")
    ResponseEntity<Void> unpause(@PathVariable String id) {
        rt.unpause(id);
        return ResponseEntity.noContent().build();
    }

    /**
     * Headers go out at once (the docker CLI waits for them before it starts the container),
     * the status when the condition is met; no request thread is held meanwhile.
     */
    @PostMapping("/containers/{id}/wait")
    void await(@PathVariable String id, @RequestParam(required = false) String condition,
               jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
            throws java.io.IOException {
        CompletableFuture<ExitStatus> done = rt.waitFor(id, WaitCondition.parse(condition));
        resp.setStatus(200);
        resp.setContentType("application/json");
        jakarta.servlet.AsyncContext async = req.startAsync();
        async.setTimeout(0);
        resp.flushBuffer();
        done.whenComplete((s, err) -> {
            try {
                String error = err == null ? "null"
                        : "{\"Message\":\"" + String.valueOf(err.getMessage()).replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
                resp.getOutputStream().write(("{\"Error\":" + error + ",\"StatusCode\":" + (err == null ? s.exitCode() : -1)
                        + "}\n").getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException | RuntimeException e) {
                // the client went away
            } finally {
                async.complete();
            }
        });
    }

    @DeleteMapping("/containers/{id}")
    ResponseEntity<Void> remove(@PathVariable String id, @RequestParam(required = false) String force,
                                @RequestParam(required = false) String v) {
        rt.remove(id, flag(force), flag(v));
        return ResponseEntity.noContent().build();
    }
}
