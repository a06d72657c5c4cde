package dev.caisson.api.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;

/** `docker top`: the host's `ps` (ps_args, default -ef) limited to the container's processes. */
@RestController
class ContainerTopController {
    private static final long PS_TIMEOUT_S = 30;

    private final Engine engine;
    private final EventBus events;

    ContainerTopController(Engine engine, EventBus events) {
        this.engine = engine;
        this.events = events;
    }

    @GetMapping("/containers/{id}/top")
    Map<String, Object> top(@PathVariable String id, @RequestParam(name = "ps_args", required = false) String psArgs)
            throws IOException, InterruptedException {
        String args = psArgs == null || psArgs.isBlank() ? "-ef" : psArgs;
        PsTable.validateArgs(args);
        Container c = engine.containers().get(id);
        List<Integer> pids = engine.containers().pids(c.id());   // 409 "Container ... is not running"
        List<String> cmd = new ArrayList<>(List.of("ps"));
        cmd.addAll(PsTable.args(args));
        List<String> withPids = new ArrayList<>(cmd);
        withPids.add("-q");
        withPids.add(pids.stream().map(String::valueOf).collect(Collectors.joining(",")));
        Ps ps = run(withPids);
        if (ps.code != 0) {
            ps = run(cmd);   // some options (e.g. f) cannot be combined with -q
        }
        if (ps.code != 0) {
            String first = ps.err.split("\n", 2)[0];
            throw new SystemException("ps: " + (first.isEmpty() ? "exit status " + ps.code : first));
        }
        PsTable.Table t = PsTable.parse(ps.out, new HashSet<>(pids));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Processes", t.processes());
        out.put("Titles", t.titles());
        Map<String, String> attrs = new LinkedHashMap<>(c.spec().labels());
        attrs.put("image", c.spec().image());
        attrs.put("name", c.name());
        events.publish(new DockerEvent("container", "top", c.id(), attrs, Instant.now()));
        return out;
    }

    private record Ps(int code, String out, String err) {
    }

    private static Ps run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        byte[] err = p.getErrorStream().readAllBytes();   // ps writes a line at most there
        if (!p.waitFor(PS_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new SystemException("ps: did not finish within " + PS_TIMEOUT_S + " s");
        }
        return new Ps(p.exitValue(), out, new String(err, StandardCharsets.UTF_8));
    }
}
