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
import dev.caisson.engine.volume.Volume;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.web.DashboardAccess;
import dev.caisson.web.PageSupport;

/**
 * The volumes page: the volumes the user may see with their driver, mount point and how many
 * containers use them; operators create plain local volumes (driver options stay with admins)
 * and remove their own, refused while a container uses it, as `docker volume rm`.
 */
@Controller
class VolumesPageController {
    /** One line of the table. */
    public record Row(String name, String driver, String mountpoint, String created, boolean anonymous, int users,
                      boolean manageable) {
    }

    private final Engine engine;
    private final DashboardAccess access;

    VolumesPageController(Engine engine, DashboardAccess access) {
        this.engine = engine;
        this.access = access;
    }

    @GetMapping("/ui/volumes")
    String list(Model model) {
        List<Volume> all = engine.volumes().list();
        Set<String> visible = access.visible(ObjectKind.VOLUME, all.stream().map(Volume::name).toList());
        model.addAttribute("rows", all.stream().filter(v -> visible.contains(v.name()))
                .sorted(Comparator.comparing(Volume::name))
                .map(v -> new Row(v.name(), v.driver(), engine.volumes().dataDir(v.name()).toString(),
                        v.createdAt() == null ? "" : v.createdAt().toString(), v.labels().containsKey(Volume.ANONYMOUS_LABEL),
                        engine.volumes().references(v.name()).size(), access.canManage(ObjectKind.VOLUME, v.name())))
                .toList());
        model.addAttribute("mayChange", access.mayChange());
        return "volumes/list";
    }

    @PostMapping("/ui/volumes")
    String create(@RequestParam String name, Model model, HttpServletResponse res) {
        access.requireChange();
        access.guardRails().checkVolume(access.who(), "local", Map.of());
        PageSupport.stayOn(res, "/ui/volumes");
        try {
            Volume v = engine.volumes().create(name.isBlank() ? null : name.trim(), "local", Map.of(), Map.of());
            model.addAttribute("message", "Created volume " + v.name());
        } catch (EngineException e) {
            res.setStatus(PageSupport.status(e));
            model.addAttribute("error", e.getMessage());
        }
        return list(model);
    }

    @PostMapping("/ui/volumes/remove")
    String remove(@RequestParam String name, Model model, HttpServletResponse res) {
        access.requireChange();
        Volume v = engine.volumes().get(name);
        access.requireManageable(ObjectKind.VOLUME, v.name(), v.name());
        PageSupport.stayOn(res, "/ui/volumes");
        try {
            engine.volumes().remove(v.name(), false);
            model.addAttribute("message", "Removed volume " + v.name());
        } catch (EngineException e) {
            res.setStatus(PageSupport.status(e));
            model.addAttribute("error", e.getMessage());
        }
        return list(model);
    }
}
