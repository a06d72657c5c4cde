package dev.caisson.web.images;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.caisson.api.docker.DockerImages;
import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImageDeletion;
import dev.caisson.engine.runtime.Container;
import dev.caisson.web.DashboardAccess;
import dev.caisson.web.PageSupport;

/**
 * The images page: every local image by tag (images are shared by all users, as in the
 * Engine API), its layers' history, and for operators load/import uploads, tag and remove with
 * Docker's rules (a removal is refused while a container uses the image, unless forced).
 */
@Controller
class ImagesPageController {
    private final Engine engine;
    private final DockerImages images;
    private final DashboardAccess access;

    ImagesPageController(Engine engine, DockerImages images, DashboardAccess access) {
        this.engine = engine;
        this.images = images;
        this.access = access;
    }

    @GetMapping("/ui/images")
    String list(@RequestParam(required = false) String history, Model model) {
        Map<String, Long> users = engine.containers().list().stream()
                .collect(Collectors.groupingBy(Container::imageId, Collectors.counting()));
        List<ImageRow> rows = new ArrayList<>();
        engine.images().list().stream().sorted(Comparator.comparing(Image::created, Comparator.nullsLast(Comparator.reverseOrder())))
                .forEach(i -> rows.addAll(ImageRow.of(i, users.getOrDefault(i.id(), 0L).intValue())));
        model.addAttribute("rows", rows);
        model.addAttribute("mayChange", access.mayChange());
        if (history != null && !history.isBlank()) {
            model.addAttribute("historyOf", history);
            model.addAttribute("history", engine.images().history(history));
        }
        return "images/list";
    }

    @PostMapping("/ui/images/remove")
    String remove(@RequestParam String ref, @RequestParam(defaultValue = "false") boolean force, Model model,
                  HttpServletResponse res) {
        access.requireChange();
        PageSupport.stayOn(res, "/ui/images");
        try {
            List<ImageDeletion> report = images.remove(ref, force);
            model.addAttribute("message", report.stream().map(d -> d.kind() + ": " + d.ref()).collect(Collectors.joining(", ")));
        } catch (EngineException e) {
            res.setStatus(PageSupport.status(e));
            model.addAttribute("error", e.getMessage());
        }
        return list(null, model);
    }

    /**
     * An upload from the page's load form: the file is the request body itself (no multipart),
     * so a large archive streams into the image store without a temporary copy, and the
     * browser can show the upload's progress. mode "load" takes a `docker save` or OCI
     * archive, "import" a root file system tar like `docker import`.
     */
    @PostMapping("/ui/images/upload")
    String upload(@RequestParam String mode, @RequestParam(defaultValue = "") String repo,
                  @RequestParam(defaultValue = "") String tag, HttpServletRequest req, Model model,
                  HttpServletResponse res) throws IOException {
        access.requireChange();
        try (InputStream in = req.getInputStream()) {
            if (mode.equals("import")) {
                String ref = DockerImages.importReference(repo.trim(), tag.isBlank() ? "latest" : tag.trim());
                Image img = images.importRootfs(in, ref, List.of(), "Imported from the dashboard");
                model.addAttribute("message", "Imported " + (ref == null ? img.id() : ref));
            } else if (mode.equals("load")) {
                List<Image> loaded = images.load(in, l -> { });
                model.addAttribute("message", "Loaded " + loaded.stream()
                        .map(i -> i.repoTags().isEmpty() ? i.id() : String.join(", ", i.repoTags()))
                        .collect(Collectors.joining(", ")));
            } else {
                res.setStatus(400);
                model.addAttribute("error", "Unknown upload mode: " + mode + " (load or import)");
            }
        } catch (EngineException | IllegalArgumentException e) {
            // a failure of the store itself (disk full) is the server's, a bad archive the upload's
            res.setStatus(e instanceof SystemException ? 500 : e instanceof EngineException ee ? PageSupport.status(ee) : 400);
            model.addAttribute("error", e.getMessage());
        }
        return list(null, model);
    }

    @PostMapping("/ui/images/tag")
    String tag(@RequestParam String ref, @RequestParam String repo, @RequestParam(defaultValue = "") String tag,
               Model model, HttpServletResponse res) {
        access.requireChange();
        PageSupport.stayOn(res, "/ui/images");
        String newTag = tag.isBlank() ? "latest" : tag.trim();
        try {
            images.tag(ref, repo.trim(), newTag);
            model.addAttribute("message", "Tagged " + ref + " as " + repo.trim() + ":" + newTag);
        } catch (EngineException e) {
            res.setStatus(PageSupport.status(e));
            model.addAttribute("error", e.getMessage());
        }
        return list(null, model);
    }
}
