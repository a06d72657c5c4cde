package dev.caisson.web.containers;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.web.DashboardAccess;

/**
 * The containers page: the table (a full page, or only the table for the filters' htmx request) and the
 * lifecycle buttons, one container or a selection at a time. An action answers with the
 * changed row and a toast; a failure keeps the row and says why.
 */
@Controller
class ContainersPageController {
    private final ContainerRuntime rt;
    private final NetworkService networks;
    private final DashboardAccess access;

    ContainersPageController(Engine engine, DashboardAccess access) {
        this.rt = engine.containers();
        this.networks = engine.networks();
        this.access = access;
    }

    private ContainerListPage page(String state, String name, String label, int page) {
        String host = PortLink.browserHost();
        return ContainerListPage.of(access.visibleContainers(), c -> row(c, access.canManage(c), host), state, name,
                label, page);
    }

    private ContainerRow row(Container c, boolean manageable, String host) {
        return ContainerRow.of(c, manageable, PortLink.of(c, networks, host));
    }

    @GetMapping("/ui/containers")
    String list(@RequestParam(required = false) String state, @RequestParam(required = false) String name,
                @RequestParam(required = false) String label, @RequestParam(defaultValue = "1") int page,
                @RequestHeader(value = "HX-Target", required = false) String target, Model model) {
        model.addAttribute("list", page(state, name, label, page));
        model.addAttribute("mayChange", access.mayChange());
        // only the filters ask for the table alone; a boosted link (also htmx) navigates to the whole page
        return "containers".equals(target) ? "containers/list :: table" : "containers/list";
    }

    @PostMapping("/ui/containers/{id}/{action}")
    String act(@PathVariable String id, @PathVariable String action, Model model, HttpServletResponse res) {
        access.manageable(id);   // 404 or 403 before anything happens
        try {
            String done = ContainerActions.apply(rt, id, action);
            Toasts.ok(res, done);
            if (action.equals("remove")) {
                return "containers/list :: nothing";
            }
        } catch (EngineException | IllegalArgumentException e) {
            Toasts.error(res, e.getMessage());
        }
        model.addAttribute("c", row(rt.get(id), true, PortLink.browserHost()));
        return "containers/row :: row";
    }

    @PostMapping("/ui/containers/bulk")
    String bulk(@RequestParam(name = "ids", required = false) List<String> ids, @RequestParam String action,
                @RequestParam(required = false) String state, @RequestParam(required = false) String name,
                @RequestParam(required = false) String label, @RequestParam(defaultValue = "1") int page,
                Model model, HttpServletResponse res) {
        if (!access.mayChange()) {
            access.manageable(ids == null || ids.isEmpty() ? "" : ids.get(0));   // the same 403 as a single button
        }
        List<String> failures = new java.util.ArrayList<>();
        int done = 0;
        for (String id : ids == null ? List.<String>of() : ids) {
            try {
                access.manageable(id);
                ContainerActions.apply(rt, id, action);
                done++;
            } catch (EngineException | IllegalArgumentException e) {
                failures.add(e.getMessage());
            }
        }
        if (failures.isEmpty()) {
            Toasts.ok(res, action + ": " + done + " container" + (done == 1 ? "" : "s"));
        } else {
            Toasts.error(res, action + ": " + done + " done, " + failures.size() + " failed: " + failures.get(0));
        }
        model.addAttribute("list", page(state, name, label, page));
        model.addAttribute("mayChange", true);
        return "containers/list :: table";
    }
}
