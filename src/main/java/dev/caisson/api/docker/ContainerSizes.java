package dev.caisson.api.docker;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.storage.DiskUsage;

/**
 * Docker's container sizes: SizeRw is what the container wrote (its upper dir), SizeRootFs
 * that plus its image. Walking upper dirs costs, which is why clients ask for it (size=1).
 */
final class ContainerSizes {
    private final Engine engine;
    private final Map<String, Long> imageSizes = new HashMap<>();

    ContainerSizes(Engine engine) {
        this.engine = engine;
    }

    long rw(Container c) {
        return DiskUsage.of(engine.containers().upperDir(c.id()));
    }

    long rootFs(Container c, long rw) {
        return rw + imageSizes.computeIfAbsent(c.imageId(),
                id -> engine.images().find(id).map(i -> i.size()).orElse(0L));
    }

    /** The summary with SizeRw and SizeRootFs after Ports, each left out when 0 (Docker's omitempty). */
    Map<String, Object> addTo(Map<String, Object> summary, Container c) {
        long rw = rw(c);
        long root = rootFs(c, rw);
        Map<String, Object> m = new LinkedHashMap<>();
        summary.forEach((k, v) -> {
            m.put(k, v);
            if (k.equals("Ports")) {
                if (rw > 0) {
                    m.put("SizeRw", rw);
                }
                if (root > 0) {
                    m.put("SizeRootFs", root);
                }
            }
        });
        return m;
    }
}
