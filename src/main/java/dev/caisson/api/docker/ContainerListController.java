package dev.caisson.api.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;

/** `docker ps`: GET /containers/json with all, limit, size and Docker's filters. */
@RestController
class ContainerListController {
    private final Engine engine;
    private final VisibleObjects visible;

    ContainerListController(Engine engine, VisibleObjects visible) {
        this.engine = engine;
        this.visible = visible;
    }

    @GetMapping("/containers/json")
    List<Map<String, Object>> list(@RequestParam(required = false) String all,
                                   @RequestParam(required = false) String limit,
                                   @RequestParam(required = false) String size,
                                   @RequestParam(required = false) String filters) {
        int n = limit == null || limit.isEmpty() ? -1 : ContainerListFilter.atoi(limit);
        ContainerListFilter select = new ContainerListFilter(engine, DockerFilters.parse(filters),
                ContainersController.flag(all), n);
        ContainerSizes sizes = ContainersController.flag(size) ? new ContainerSizes(engine) : null;
        List<Map<String, Object>> out = new ArrayList<>();
        for (Container c : select.select(visible.containers(engine.containers().list()))) {
            Map<String, Object> m = ContainerViews.summary(c, engine.networks());
            out.add(sizes == null ? m : sizes.addTo(m, c));
        }
        return out;
    }
}
