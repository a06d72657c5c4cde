package dev.caisson.web.system;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.caisson.api.docker.DockerPrune;
import dev.caisson.api.docker.DockerSystem;
import dev.caisson.engine.EngineException;
import dev.caisson.web.DashboardAccess;
import dev.caisson.web.PageSupport;
import dev.caisson.web.Sizes;

/**
 * The system page: the engine as `docker info` describes it, disk usage as `docker system df`
 * sums it up (loaded after the page: measuring containers walks their files), and for admins
 * the prunes of `docker container/image/network/volume/builder/system prune`, which answer
 * with what they removed and the space they freed.
 */
@Controller
class SystemPageController {
    private final DockerSystem system;
    private final DockerPrune prune;
    private final DashboardAccess access;

    SystemPageController(DockerSystem system, DockerPrune prune, DashboardAccess access) {
        this.system = system;
        this.prune = prune;
        this.access = access;
    }

    @GetMapping("/ui/system")
    String page(Model model) {
        Map<String, Object> info = system.info();
        model.addAttribute("info", info);
        model.addAttribute("memory", info.get("MemTotal") instanceof Number n ? Sizes.binary(n.longValue()) : "");
        model.addAttribute("admin", access.isAdmin());
        return "system/page";
    }

    @GetMapping("/ui/system/df")
    String df(Model model) {
        model.addAttribute("rows", DiskUsageRow.of(system.df()));
        model.addAttribute("admin", access.isAdmin());
        return "system/page :: df";
    }

    /** what: containers, images, networks, volumes, build or system; all: every unused image (volume); volumes: system prune takes them too. */
    @PostMapping("/ui/system/prune")
    String prune(@RequestParam String what, @RequestParam(defaultValue = "false") boolean all,
                 @RequestParam(defaultValue = "false") boolean volumes, Model model, HttpServletResponse res) {
        access.requireAdmin();
        PageSupport.stayOn(res, "/ui/system");
        PruneReport.Builder report = new PruneReport.Builder();
        String images = all ? "{\"dangling\":[\"false\"]}" : null;
        String allVolumes = all ? "{\"all\":[\"true\"]}" : null;
        try {
            switch (what) {
                case "containers" -> report.add(prune.containers(null));
                case "images" -> report.add(prune.images(images));
                case "networks" -> report.add(prune.networks(null));
                case "volumes" -> report.add(prune.volumes(allVolumes, false));
                case "build" -> report.add(prune.buildCache());
                case "system" -> {   // in the order of `docker system prune`
                    report.add(prune.containers(null)).add(prune.networks(null));
                    if (volumes) {
                        report.add(prune.volumes(null, false));
                    }
                    report.add(prune.images(images)).add(prune.buildCache());
                }
                default -> throw new IllegalArgumentException("nothing to prune called " + what);
            }
            model.addAttribute("report", report.build());
            model.addAttribute("pruned", what);
        } catch (EngineException | IllegalArgumentException e) {
            res.setStatus(e instanceof EngineException ee ? PageSupport.status(ee) : 400);
            model.addAttribute("error", e.getMessage());
        }
        return page(model);
    }
}
