package dev.caisson.web.networks;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import dev.caisson.api.docker.DockerViews;
import dev.caisson.engine.Engine;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.MountSpec;
import dev.caisson.engine.volume.Volume;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.web.DashboardAccess;
import dev.caisson.web.Sizes;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One volume: `docker volume inspect`, its size on disk, and the containers that use it (where
 * they mount it, read-only or not); containers the user may not see are only counted.
 */
@Controller
class VolumeDetailController {
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** A container using the volume. */
    public record User(String id, String name, String state, String destination, boolean readOnly) {
    }

    private final Engine engine;
    private final DashboardAccess access;

    VolumeDetailController(Engine engine, DashboardAccess access) {
        this.engine = engine;
        this.access = access;
    }

    @GetMapping("/ui/volumes/{name}")
    String inspect(@PathVariable String name, Model model) {
        Volume v = engine.volumes().get(name);
        access.requireVisible(ObjectKind.VOLUME, v.name(), "get " + name + ": no such volume");
        List<String> refs = engine.volumes().references(v.name());
        var seen = access.visible(ObjectKind.CONTAINER, refs);
        List<User> users = new ArrayList<>();
        for (String id : refs) {
            if (!seen.contains(id)) {
                continue;
            }
            Container c;
            try {
                c = engine.containers().get(id);
            } catch (NotFoundException gone) {
                continue;   // removed meanwhile
            }
            c.spec().mounts().stream().filter(m -> m.type() == MountSpec.Type.VOLUME && v.name().equals(m.name()))
                    .forEach(m -> users.add(new User(c.id(), c.name(), c.state().status().word(), m.target(), m.readOnly())));
        }
        model.addAttribute("v", v);
        model.addAttribute("mountpoint", engine.volumes().dataDir(v.name()).toString());
        model.addAttribute("size", Sizes.human(engine.volumes().size(v.name())));
        model.addAttribute("json", PRETTY.writeValueAsString(DockerViews.volume(engine.volumes(), v)));
        model.addAttribute("users", users);
        model.addAttribute("hidden", refs.size() - seen.size());
        return "volumes/detail";
    }
}
