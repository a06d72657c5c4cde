package dev.caisson.api.docker;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.image.Image;

/** The image routes of the Engine API (a first set: list, load; pull answers clearly that it is not there yet). */
@RestController
class ImagesController {
    private final Engine engine;

    ImagesController(Engine engine) {
        this.engine = engine;
    }

    @GetMapping("/images/json")
    List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Image i : engine.images().list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Id", i.id());
            m.put("ParentId", i.parent() == null ? "" : i.parent());
            m.put("RepoTags", i.repoTags());
            m.put("RepoDigests", List.of());
            m.put("Created", i.created() == null ? 0 : i.created().getEpochSecond());
            m.put("Size", i.size());
            m.put("SharedSize", -1);
            m.put("Labels", i.config().labels());
            m.put("Containers", -1);
            out.add(m);
        }
        return out;
    }

    /** `docker load`: a docker-save or OCI archive in the body; Docker's JSON progress lines back. */
    @PostMapping("/images/load")
    ResponseEntity<String> load(HttpServletRequest request, @RequestParam(required = false) String quiet) throws IOException {
        List<Image> loaded;
        try (InputStream in = request.getInputStream()) {
            loaded = engine.images().load(in);
        }
        StringBuilder sb = new StringBuilder();
        for (Image i : loaded) {
            List<String> names = i.repoTags().isEmpty() ? List.of() : i.repoTags();
            if (names.isEmpty()) {
                sb.append("{\"stream\":\"Loaded image ID: ").append(i.id()).append("\\n\"}\n");
            }
            for (String t : names) {
                sb.append("{\"stream\":\"Loaded image: ").append(t).append("\\n\"}\n");
            }
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(sb.toString());
    }

    @PostMapping("/images/create")
    ResponseEntity<ApiErrors.Message> pull(@RequestParam(required = false) String fromImage) {
        return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED).body(new ApiErrors.Message(
                "pulling " + (fromImage == null ? "images" : fromImage) + " from a registry is not supported by Caisson yet;"
                        + " load the image with `docker load` instead"));
    }
}
