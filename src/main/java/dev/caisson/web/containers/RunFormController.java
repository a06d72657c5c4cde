package dev.caisson.web.containers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;

import dev.caisson.api.docker.DockerCreate;
import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.web.DashboardAccess;
import dev.caisson.web.PageSupport;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run form: create and start a container as `docker run -d` would, then show it. Bad
 * input comes back on the form, each message next to its field, with a 4xx status.
 */
@Controller
class RunFormController {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Engine engine;
    private final DockerCreate creator;
    private final DashboardAccess access;

    RunFormController(Engine engine, DockerCreate creator, DashboardAccess access) {
        this.engine = engine;
        this.creator = creator;
        this.access = access;
    }

    @GetMapping("/ui/containers/new")
    String form(Model model) {
        access.requireChange();
        model.addAttribute("form", new RunForm());
        return form(model, Map.of());
    }

    @PostMapping("/ui/containers/new")
    String run(@ModelAttribute("form") RunForm form, Model model, HttpServletResponse res) {
        access.requireChange();
        Map<String, String> errors = form.errors();
        if (!errors.isEmpty()) {
            res.setStatus(422);
            return form(model, errors);
        }
        List<String> warnings = new ArrayList<>();
        Container c;
        try {
            c = creator.create(form.getName().isBlank() ? null : form.getName().trim(),
                    JSON.writeValueAsString(form.toDockerRequest()), warnings);
        } catch (EngineException e) {
            res.setStatus(PageSupport.status(e));
            return form(model, Map.of("", e.getMessage()));
        }
        try {
            engine.containers().start(c.id());
        } catch (EngineException e) {
            res.setStatus(400);
            return form(model, Map.of("", "Created " + c.name() + " but it did not start: " + e.getMessage()));
        }
        return "redirect:/ui/containers/" + c.id().substring(0, 12);
    }

    private String form(Model model, Map<String, String> errors) {
        model.addAttribute("errors", errors);
        model.addAttribute("images", engine.images().list().stream()
                .flatMap(i -> i.repoTags().stream()).sorted().toList());
        return "containers/new";
    }
}
