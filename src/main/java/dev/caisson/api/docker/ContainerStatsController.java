package dev.caisson.api.docker;

import java.io.IOException;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.platform.streams.AsyncStream;
import dev.caisson.platform.streams.StreamScheduler;
import dev.caisson.engine.ConflictException;
import dev.caisson.engine.Engine;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import tools.jackson.databind.json.JsonMapper;

/**
 * `docker stats`: with stream (the default) one document a second; stream=false answers once,
 * a second after a first reading so the CPU delta (precpu_stats) is filled, as Docker does;
 * one-shot answers at once without it. A container that is not running gets zeros.
 */
@RestController
class ContainerStatsController {
    static final long INTERVAL_MS = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Engine engine;
    private final ContainerRuntime rt;
    private final StreamScheduler scheduler;
    private final long memTotal = HostStats.memTotal();

    ContainerStatsController(Engine engine, StreamScheduler scheduler) {
        this.engine = engine;
        this.rt = engine.containers();
        this.scheduler = scheduler;
    }

    @GetMapping("/containers/{id}/stats")
    void stats(@PathVariable String id, @RequestParam(required = false) String stream,
               @RequestParam(name = "one-shot", required = false) String oneShot,
               HttpServletRequest req, HttpServletResponse res) throws IOException {
        Container c = rt.get(id);
        boolean streaming = stream == null || stream.isEmpty() || ContainersController.flag(stream);
        boolean once = ContainersController.flag(oneShot);
        if (streaming && once) {
            throw new InvalidArgumentException("cannot have stream=true and one-shot=true");
        }
        AsyncStream out = AsyncStream.start(req, res, "application/json");
        ContainerStatsView.Sample first = sample(c.id());
        if (!streaming) {
            if (first == null || once) {
                out.send(document(c, first, null));
                out.close();
                return;
            }
            scheduler.after(INTERVAL_MS, () -> {
                try {
                    out.send(document(rt.get(c.id()), sample(c.id()), first));
                } catch (NotFoundException gone) {
                    // removed meanwhile: nothing more to say
                }
                out.close();
            });
            return;
        }
        ContainerStatsView.Sample[] previous = {null};
        scheduler.loop(out, () -> {
            Container now;
            try {
                now = rt.get(c.id());
            } catch (NotFoundException gone) {
                out.close();
                return -1;
            }
            ContainerStatsView.Sample s = sample(c.id());
            out.send(document(now, s, previous[0]));
            previous[0] = s;
            return INTERVAL_MS;
        });
    }

    /** Null when the container does not run. */
    private ContainerStatsView.Sample sample(String id) {
        try {
            return new ContainerStatsView.Sample(Instant.now(), rt.stats(id), HostStats.read(),
                    engine.networks().counters(id));
        } catch (ConflictException | NotFoundException notRunning) {
            return null;
        }
    }

    private byte[] document(Container c, ContainerStatsView.Sample now, ContainerStatsView.Sample pre) {
        Object doc = now == null ? ContainerStatsView.zero(c)
                : ContainerStatsView.render(c, now, pre, engine.cgroups().version(), memTotal);
        byte[] json = JSON.writeValueAsBytes(doc);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }
}
