package dev.caisson.web.containers;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import dev.caisson.api.docker.DockerViews;
import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.web.DashboardAccess;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** One container: overview, logs, processes and the inspect JSON, each a tab of one page. */
@Controller
class ContainerDetailController {
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Engine engine;
    private final ContainerRuntime rt;
    private final DashboardAccess access;

    ContainerDetailController(Engine engine, DashboardAccess access) {
        this.engine = engine;
        this.rt = engine.containers();
        this.access = access;
    }

    @GetMapping("/ui/containers/{id}")
    String overview(@PathVariable String id, Model model) {
        return page(id, "overview", model);
    }

    @GetMapping("/ui/containers/{id}/logs")
    String logs(@PathVariable String id, Model model) {
        return page(id, "logs", model);
    }

    @GetMapping("/ui/containers/{id}/stats")
    String stats(@PathVariable String id, Model model) {
        return page(id, "stats", model);
    }

    @GetMapping("/ui/containers/{id}/terminal")
    String terminal(@PathVariable String id, Model model) {
        return page(id, "terminal", model);
    }

    @GetMapping("/ui/containers/{id}/processes")
    String processes(@PathVariable String id, Model model) {
        Container c = access.visible(id);
        List<Map<String, String>> procs = List.of();
        String error = null;
        if (c.state().running()) {
            try {
                procs = Processes.of(rt.pids(c.id()));
            } catch (EngineException e) {
                error = e.getMessage();
            }
        }
        model.addAttribute("processes", procs);
        model.addAttribute("processError", error);
        return page(id, "processes", model);
    }

    @GetMapping("/ui/containers/{id}/inspect")
    String inspect(@PathVariable String id, Model model) {
        Container c = access.visible(id);
        model.addAttribute("json", PRETTY.writeValueAsString(DockerViews.inspect(c, rt.logFile(c.id()).toString(), engine.networks())));
        return page(id, "inspect", model);
    }

    private String page(String id, String tab, Model model) {
        Container c = access.visible(id);
        model.addAttribute("c", ContainerRow.of(c, access.canManage(c), PortLink.of(c, engine.networks(), PortLink.browserHost())));
        model.addAttribute("container", c);
        model.addAttribute("tab", tab);
        return "containers/detail";
    }
}
