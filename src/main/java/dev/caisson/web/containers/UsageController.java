package dev.caisson.web.containers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.web.DashboardAccess;

/**
 * CPU and memory of the running containers on the page the user looks at, asked for every few
 * seconds by the containers table. CPU % needs two cgroup readings: the last reading of each
 * container is kept here (shared by every viewer, so two open tabs do not double the work),
 * and a reading younger than a second is answered as it is.
 */
@RestController
class UsageController {
    private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long FORGET_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** A page shows 50 rows; more IDs than that are not from the page. */
    private static final int MAX_IDS = 200;

    private record Reading(CgroupStats stats, long at, Map<String, Object> figures) {
    }

    private final ContainerRuntime rt;
    private final DashboardAccess access;
    private final Map<String, Reading> last = new ConcurrentHashMap<>();

    UsageController(Engine engine, DashboardAccess access) {
        this.rt = engine.containers();
        this.access = access;
    }

    /** {id: {cpu, mem, memLimit, ...}} for those of the IDs that the user may see and that run. */
    @GetMapping(value = "/ui/containers/usage", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Map<String, Object>> usage(@RequestParam(defaultValue = "") List<String> ids) {
        List<String> asked = ids.stream().filter(s -> !s.isBlank()).limit(MAX_IDS).toList();
        long now = System.nanoTime();
        last.values().removeIf(r -> now - r.at() > FORGET_NANOS);
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String id : access.visible(ObjectKind.CONTAINER, asked)) {
            Map<String, Object> figures = figures(id, now);
            if (figures != null) {
                out.put(id, figures);
            }
        }
        return out;
    }

    private Map<String, Object> figures(String id, long now) {
        Reading before = last.get(id);
        if (before != null && now - before.at() < FRESH_NANOS && before.figures() != null) {
            return before.figures();
        }
        CgroupStats s;
        try {
            Container c = rt.get(id);
            if (!c.state().running()) {
                last.remove(id);
                return null;
            }
            s = rt.stats(c.id());
        } catch (EngineException e) {
            last.remove(id);
            return null;
        }
        Map<String, Object> figures = StatsStreamController.sample(before == null ? s : before.stats(), s,
                before == null ? 0 : now - before.at(), Map.of());
        if (before == null) {
            figures.put("cpu", null);   // one reading says nothing about CPU yet
        }
        last.put(id, new Reading(s, now, figures));
        return figures;
    }
}
