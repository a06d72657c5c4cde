package dev.caisson.web.networks;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.network.Network;
import dev.caisson.engine.network.NetworkCreate;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.web.DashboardAccess;
import dev.caisson.web.PageSupport;

/**
 * The networks page: the predefined ones and those the user may see, with subnet, gateway and
 * how many containers are attached; operators create plain bridges (the guard rails keep
 * subnets and driver options for admins) and remove their own, with the Engine API's errors.
 */
@Controller
class NetworksPageController {
    /** One line of the table. */
    public record Row(String id, String shortId, String name, String driver, String subnet, String gateway,
                      boolean internal, boolean predefined, int containers, boolean manageable) {
    }

    private final Engine engine;
    private final DashboardAccess access;

    NetworksPageController(Engine engine, DashboardAccess access) {
        this.engine = engine;
        this.access = access;
    }

    @GetMapping("/ui/networks")
    String list(Model model) {
        List<Network> all = engine.networks().list();
        Set<String> visible = access.visible(ObjectKind.NETWORK, all.stream().map(Network::id).toList());
        model.addAttribute("rows", all.stream().filter(n -> n.predefined() || visible.contains(n.id()))
                .sorted(Comparator.comparing(Network::predefined).reversed().thenComparing(Network::name))
                .map(n -> new Row(n.id(), n.id().substring(0, 12), n.name(), n.driver(), n.subnet() == null ? "" : n.subnet(),
                        n.gateway() == null ? "" : n.gateway(), n.internal(), n.predefined(),
                        engine.networks().containers(n.id()).size(),
                        !n.predefined() && access.canManage(ObjectKind.NETWORK, n.id())))
                .toList());
        model.addAttribute("mayChange", access.mayChange());
        return "networks/list";
    }

    @PostMapping("/ui/networks")
    String create(@RequestParam String name, @RequestParam(defaultValue = "false") boolean internal, Model model,
                  HttpServletResponse res) {
        access.requireChange();
        access.guardRails().checkNetwork(access.who(), "bridge", Map.of(), 0, null, Map.of());
        PageSupport.stayOn(res, "/ui/networks");
        try {
            engine.networks().create(new NetworkCreate(name.trim(), "bridge", internal, false, false, null, null, null, null));
            model.addAttribute("message", "Created network " + name.trim());
        } catch (EngineException e) {
            res.setStatus(PageSupport.status(e));
            model.addAttribute("error", e.getMessage());
        }
        return list(model);
    }

    @PostMapping("/ui/networks/remove")
    String remove(@RequestParam String id, Model model, HttpServletResponse res) {
        access.requireChange();
        Network n = engine.networks().get(id);
        access.requireManageable(ObjectKind.NETWORK, n.id(), n.name());
        PageSupport.stayOn(res, "/ui/networks");
        try {
            engine.networks().remove(n.id());
            model.addAttribute("message", "Removed network " + n.name());
        } catch (ForbiddenException e) {
            res.setStatus(409);   // in use: Docker answers 403, the page says it as a conflict
            model.addAttribute("error", e.getMessage());
        } catch (EngineException e) {
            res.setStatus(PageSupport.status(e));
            model.addAttribute("error", e.getMessage());
        }
        return list(model);
    }
}
