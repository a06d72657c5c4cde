package dev.caisson.web.containers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.network.InterfaceCounters;
import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.platform.streams.AsyncStream;
import dev.caisson.platform.streams.StreamScheduler;
import dev.caisson.web.DashboardAccess;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stats tab's feed: one Server-Sent Event per second with the figures `docker stats`
 * shows (CPU % of one core as Docker counts it, memory usage and limit, network and block
 * I/O, pids),
 * computed from two cgroup samples, on the shared stream thread.
 */
@Controller
class StatsStreamController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long PERIOD_MS = 1000;

    private final ContainerRuntime rt;
    private final NetworkService networks;
    private final StreamScheduler scheduler;
    private final DashboardAccess access;

    StatsStreamController(Engine engine, StreamScheduler scheduler, DashboardAccess access) {
        this.rt = engine.containers();
        this.networks = engine.networks();
        this.scheduler = scheduler;
        this.access = access;
    }

    @GetMapping("/ui/containers/{id}/stats/stream")
    void stream(@PathVariable String id, HttpServletRequest req, HttpServletResponse res) throws IOException {
        Container c = access.visible(id);
        res.setHeader("Cache-Control", "no-cache");
        AsyncStream out = AsyncStream.start(req, res, "text/event-stream;charset=UTF-8");
        scheduler.loop(out, new StreamScheduler.Step() {
            private CgroupStats previous;
            private long previousAt;

            @Override
            public long run() {
                if (!stillRunning(c.id())) {
                    out.send("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                    out.close();
                    return -1;
                }
                CgroupStats s;
                Map<String, InterfaceCounters> nets;
                try {
                    s = rt.stats(c.id());
                    nets = networks.counters(c.id());
                } catch (EngineException e) {
                    out.close();
                    return -1;
                }
                long now = System.nanoTime();
                if (previous != null && out.backlog() < 65536) {
                    out.send(("event: stats\ndata: " + JSON.writeValueAsString(sample(previous, s, now - previousAt, nets))
                            + "\n\n").getBytes(StandardCharsets.UTF_8));
                }
                previous = s;
                previousAt = now;
                return PERIOD_MS;
            }
        });
    }

    /** False also once the container is gone: removing it while its stats tab is open ends the feed. */
    private boolean stillRunning(String id) {
        try {
            return rt.get(id).state().running();
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * Docker's CPU %: used CPU time over wall time, 100 % per fully used core. Network bytes are
     * totals over the container's interfaces since it started; the page draws their rate.
     */
    static Map<String, Object> sample(CgroupStats before, CgroupStats now, long wallNanos,
                                      Map<String, InterfaceCounters> nets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", System.currentTimeMillis() / 1000.0);
        double cpu = wallNanos <= 0 ? 0 : (now.cpuTotalNanos() - before.cpuTotalNanos()) * 100.0 / wallNanos;
        m.put("cpu", Math.max(0, Math.round(cpu * 100) / 100.0));
        long cache = now.memoryStat().getOrDefault("total_inactive_file", now.memoryStat().getOrDefault("inactive_file", 0L));
        m.put("mem", Math.max(0, now.memoryUsage() - cache));   // `docker stats` leaves the page cache out
        m.put("memLimit", now.memoryLimit());
        m.put("pids", now.pidsCurrent());
        m.put("blkRead", blkio(now, "read"));
        m.put("blkWrite", blkio(now, "write"));
        m.put("netRx", nets.values().stream().mapToLong(InterfaceCounters::rxBytes).sum());
        m.put("netTx", nets.values().stream().mapToLong(InterfaceCounters::txBytes).sum());
        return m;
    }

    private static long blkio(CgroupStats s, String op) {
        return s.ioServiceBytes().stream().filter(e -> e.op().equalsIgnoreCase(op)).mapToLong(CgroupStats.BlkioEntry::value).sum();
    }
}
