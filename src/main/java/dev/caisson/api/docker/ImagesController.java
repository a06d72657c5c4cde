package dev.caisson.api.docker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImageDeletion;
import dev.caisson.engine.image.ImageStore;
import dev.caisson.engine.image.Reference;
import dev.caisson.platform.events.EventBus;

/**
 * The image routes that read and change the local store: list, inspect, history, tag, remove,
 * prune (and a single image's save, which shares the per-image path). Image names hold slashes ("fixture/layered:1"), so the per-image routes take the rest
 * of the path and split off the action at its end.
 */
@RestController
class ImagesController {
    private final Engine engine;
    private final ImageStore images;
    private final EventBus events;
    private final DockerPrune prune;

    ImagesController(Engine engine, EventBus events, DockerPrune prune) {
        this.engine = engine;
        this.images = engine.images();
        this.events = events;
        this.prune = prune;
    }

    @GetMapping("/images/json")
    List<Map<String, Object>> list(@RequestParam(required = false) String all,
                                   @RequestParam(required = false) String filters,
                                   @RequestParam(required = false) String filter) {
        FilterArgs f = FilterArgs.parse(filters);
        if (filter != null && !filter.isEmpty()) { // before API 1.28 a name went in `filter`
            f.values().computeIfAbsent("reference", k -> new ArrayList<>()).add(filter);
        }
        Predicate<Image> hasChildren = i -> !images.children(i.id()).isEmpty();
        Predicate<Image> match = ImageFilters.list(f, images, hasChildren);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Image i : images.list()) {
            // intermediate images (untagged parents of others) only show with all=1
            boolean intermediate = i.repoTags().isEmpty() && hasChildren.test(i);
            if ((ContainersController.flag(all) || !intermediate) && match.test(i)) {
                out.add(ImageViews.summary(i, ImageFilters.shownTags(f, i)));
            }
        }
        return out;
    }

    @GetMapping("/images/{*path}")
    ResponseEntity<?> get(@PathVariable String path, HttpServletResponse res) throws IOException {
        if (path.endsWith("/json")) {
            return ResponseEntity.ok(ImageViews.inspect(images.details(name(path, "/json"))));
        }
        if (path.endsWith("/history")) {
            return ResponseEntity.ok(ImageViews.history(images.details(name(path, "/history")),
                    id -> images.find(id).orElse(null)));
        }
        if (path.endsWith("/get")) {
            ImageArchiveController.save(images, events, List.of(name(path, "/get")), res);
            return null; // written to the response already
        }
        throw new NotFoundException("page not found");
    }

    @PostMapping("/images/{*path}")
    ResponseEntity<?> post(@PathVariable String path, @RequestParam(required = false) String repo,
                           @RequestParam(required = false) String tag) {
        if (path.endsWith("/push")) {
            return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED).body(new ApiErrors.Message(
                    "pushing " + name(path, "/push") + " to a registry is not supported by Caisson yet;"
                            + " move the image with `docker save` and `docker load` instead"));
        }
        if (!path.endsWith("/tag")) {
            throw new NotFoundException("page not found");
        }
        Image img = images.get(name(path, "/tag"));
        String ref = Reference.parse(repo, tag).toString();
        images.tag(img.id(), ref);
        ImageEvents.publish(events, "tag", img.id(), ref);
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @DeleteMapping("/images/{*path}")
    List<Map<String, String>> remove(@PathVariable String path, @RequestParam(required = false) String force,
                                     @RequestParam(required = false) String noprune) {
        List<ImageDeletion> report = images.remove(name(path, ""), ContainersController.flag(force),
                ContainersController.flag(noprune), DockerImages.users(engine));
        ImageEvents.removed(events, report);
        return ImageEvents.json(report);
    }

    @PostMapping("/images/prune")
    Map<String, Object> prune(@RequestParam(required = false) String filters) {
        return prune.images(filters);
    }

    /** "/fixture/layered:1/json" with suffix "/json" is "fixture/layered:1". */
    private static String name(String path, String suffix) {
        String n = path.substring(1, path.length() - suffix.length());
        if (n.isEmpty()) {
            throw new NotFoundException("page not found");
        }
        return n;
    }
}
