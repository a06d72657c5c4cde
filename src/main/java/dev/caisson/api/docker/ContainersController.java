package dev.caisson.api.docker;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.LogEntry;
import dev.caisson.engine.runtime.LogOptions;
import dev.caisson.engine.runtime.ExitStatus;
import dev.caisson.engine.runtime.WaitCondition;

/** The container routes of the Engine API (a first set: create, lifecycle, wait, logs, list, inspect, remove). */
@RestController
class ContainersController {
    private final ContainerRuntime rt;

    ContainersController(Engine engine) {
        this.rt = engine.containers();
    }

    static boolean flag(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    @PostMapping("/containers/create")
    ResponseEntity<Map<String, Object>> create(@RequestParam(required = false) String name,
                                               @RequestBody ContainerCreateRequest body) {
        List<String> warnings = new ArrayList<>();
        Container c = rt.create(ContainerSpecMapper.map(name, body, warnings));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", c.id());
        out.put("Warnings", warnings);
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @GetMapping("/containers/json")
    List<Map<String, Object>> list(@RequestParam(required = false) String all,
                                   @RequestParam(required = false) Integer limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Container c : rt.list()) {
            if (flag(all) || c.state().running() || (limit != null && limit > 0)) {
                out.add(ContainerViews.summary(c));
            }
            if (limit != null && limit > 0 && out.size() == limit) {
                break;
            }
        }
        return out;
    }

    @GetMapping("/containers/{id}/json")
    Map<String, Object> inspect(@PathVariable String id) {
        Container c = rt.get(id);
        return ContainerViews.inspect(c, rt.logFile(c.id()).toString());
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
    ResponseEntity<Void> remove(@PathVariable String id, @RequestParam(required = false) String force) {
        rt.remove(id, flag(force));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/containers/{id}/logs")
    ResponseEntity<StreamingResponseBody> logs(@PathVariable String id,
                                               @RequestParam(required = false) String stdout,
                                               @RequestParam(required = false) String stderr,
                                               @RequestParam(required = false) String follow,
                                               @RequestParam(required = false) String timestamps,
                                               @RequestParam(required = false) String tail,
                                               @RequestParam(required = false) String since,
                                               @RequestParam(required = false) String until) {
        Container c = rt.get(id);
        if (!flag(stdout) && !flag(stderr)) {
            throw new dev.caisson.engine.InvalidArgumentException("You must choose at least one stream");
        }
        int n = tail == null || tail.isEmpty() || tail.equals("all") ? -1 : Integer.parseInt(tail);
        LogOptions o = new LogOptions(flag(stdout), flag(stderr), unixTime(since), unixTime(until), n, flag(follow));
        boolean tty = c.spec().tty();
        boolean stamps = flag(timestamps);
        StreamingResponseBody body = out -> {
            try {
                rt.logs(c.id(), o, e -> write(out, e, tty, stamps));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
        MediaType type = tty ? MediaType.parseMediaType("application/vnd.docker.raw-stream")
                : MediaType.parseMediaType("application/vnd.docker.multiplexed-stream");
        return ResponseEntity.ok().contentType(type).body(body);
    }

    /** One record: Docker's 8-byte frame header unless the container has a TTY. */
    private static boolean write(OutputStream out, LogEntry e, boolean tty, boolean stamps) {
        try {
            byte[] data = ((stamps ? e.time() + " " : "") + e.log()).getBytes(StandardCharsets.UTF_8);
            if (!tty) {
                int n = data.length;
                out.write(new byte[]{(byte) (e.stream() == LogEntry.Stream.STDERR ? 2 : 1), 0, 0, 0,
                        (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            }
            out.write(data);
            out.flush();
            return true;
        } catch (java.io.IOException ex) {
            return false;   // the client went away
        }
    }

    /** Docker's since/until: unix seconds, optionally with a fraction; 0 or empty = unset. */
    static Instant unixTime(String v) {
        if (v == null || v.isEmpty() || v.equals("0")) {
            return null;
        }
        BigDecimal d = new BigDecimal(v);
        long sec = d.longValue();
        long nanos = d.subtract(BigDecimal.valueOf(sec)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(sec, nanos);
    }
}
