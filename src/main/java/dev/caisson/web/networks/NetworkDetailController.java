package dev.caisson.web.networks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.caisson.api.docker.DockerViews;
import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.network.Network;
import dev.caisson.engine.runtime.Container;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.web.DashboardAccess;
import dev.caisson.web.PageSupport;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One network: `docker network inspect` (attached containers with their addresses), and
 * `docker network connect/disconnect` of a container the user may change to a network they
 * may see, as the Engine API allows it. Containers the user may not see are left out.
 */
@Controller
class NetworkDetailController {
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** An attached container: inspect's Containers entry, and whether the user may disconnect it. */
    public record Attached(String id, String name, String ipv4, String mac, boolean manageable) {
    }

    private final Engine engine;
    private final DashboardAccess access;

    NetworkDetailController(Engine engine, DashboardAccess access) {
        this.engine = engine;
        this.access = access;
    }

    @GetMapping("/ui/networks/{id}")
    String inspect(@PathVariable String id, Model model) {
        Network n = visible(id);
        Map<String, Object> json = DockerViews.network(n, engine.networks(), engine.containers());
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) json.get("Containers");
        Set<String> seen = access.visible(ObjectKind.CONTAINER, List.copyOf(all.keySet()));
        Map<String, Object> shown = new LinkedHashMap<>(all);
        shown.keySet().retainAll(seen);
        json.put("Containers", shown);
        List<Attached> attached = new ArrayList<>();
        shown.forEach((cid, v) -> {
            Map<?, ?> e = (Map<?, ?>) v;
            attached.add(new Attached(cid, String.valueOf(e.get("Name")), String.valueOf(e.get("IPv4Address")),
                    String.valueOf(e.get("MacAddress")), access.canManage(ObjectKind.CONTAINER, cid)));
        });
        attached.sort(Comparator.comparing(Attached::name));
        model.addAttribute("n", n);
        model.addAttribute("json", PRETTY.writeValueAsString(json));
        model.addAttribute("attached", attached);
        model.addAttribute("hidden", all.size() - shown.size());
        model.addAttribute("connectable", n.bridged() && access.mayChange() ? connectable(n) : List.of());
        return "networks/detail";
    }

    @PostMapping("/ui/networks/{id}/connect")
    String connect(@PathVariable String id, @RequestParam String container, Model model, HttpServletResponse res) {
        return change(id, container, true, model, res);
    }

    @PostMapping("/ui/networks/{id}/disconnect")
    String disconnect(@PathVariable String id, @RequestParam String container, Model model, HttpServletResponse res) {
        return change(id, container, false, model, res);
    }

    /** Permission first (404/403 as the Engine API answers), then the engine's own errors, shown on the page. */
    private String change(String id, String ref, boolean connect, Model model, HttpServletResponse res) {
        access.requireChange();
        Network n = visible(id);
        Container c = access.manageable(ref);
        PageSupport.stayOn(res, "/ui/networks/" + n.id());
        try {
            if (connect) {
                engine.networks().connect(n.id(), c.id(), List.of(), null);
                model.addAttribute("message", "Connected " + c.name() + " to " + n.name());
            } else {
                engine.networks().disconnect(n.id(), c.id(), false);
                model.addAttribute("message", "Disconnected " + c.name() + " from " + n.name());
            }
        } catch (EngineException e) {
            // Docker answers "already exists in network" with 403; here that is a conflict, not a permission
            res.setStatus(e instanceof ForbiddenException ? 409 : PageSupport.status(e));
            model.addAttribute("error", e.getMessage());
        }
        return inspect(n.id(), model);
    }

    private Network visible(String ref) {
        Network n = engine.networks().get(ref);
        access.requireVisible(ObjectKind.NETWORK, n.id(), "network " + ref + " not found");
        return n;
    }

    /** The user's changeable containers not yet on this network (stopped ones too: Docker records the attachment). */
    private List<Container> connectable(Network n) {
        return access.visibleContainers().stream().filter(access::canManage)
                .filter(c -> engine.networks().endpoints(c.id()).stream().noneMatch(e -> e.networkId().equals(n.id())))
                .filter(c -> !c.spec().networkMode().equals("host") && !c.spec().networkMode().equals("none")
                        && !c.spec().networkMode().startsWith("container:"))
                .sorted(Comparator.comparing(Container::name)).toList();
    }
}
