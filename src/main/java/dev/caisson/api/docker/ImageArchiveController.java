package dev.caisson.api.docker;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImageStore;
import dev.caisson.engine.storage.Layer;
import dev.caisson.platform.events.EventBus;

/**
 * Images in and out as archives: `docker load`, `docker save`, `docker import`. Pulling from a
 * registry (the other half of POST /images/create) answers clearly that it is not there yet.
 */
@RestController
class ImageArchiveController {
    private static final MediaType JSON_STREAM = MediaType.APPLICATION_JSON;
    private final ImageStore images;
    private final DockerImages dockerImages;
    private final EventBus events;

    ImageArchiveController(dev.caisson.engine.Engine engine, DockerImages dockerImages, EventBus events) {
        this.images = engine.images();
        this.dockerImages = dockerImages;
        this.events = events;
    }

    /** `docker load`: a docker-save or OCI archive in the body; Docker's JSON lines back. */
    @PostMapping("/images/load")
    void load(HttpServletRequest request, HttpServletResponse res, @RequestParam(required = false) String quiet)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        boolean progress = !ContainersController.flag(quiet);
        List<Image> loaded;
        try (InputStream in = request.getInputStream()) {
            loaded = dockerImages.load(in, l -> {
                if (progress) {
                    sb.append(loadingLayer(l));
                }
            });
        }
        for (Image i : loaded) {
            if (i.repoTags().isEmpty()) {
                sb.append(stream("Loaded image ID: " + i.id()));
            }
            for (String t : i.repoTags()) {
                sb.append(stream("Loaded image: " + t));
            }
        }
        // a stream of JSON messages, as from Docker: flushed, so it goes out chunked rather than with a
        // Content-Length (docker-py reads a body with a length as one JSON document)
        res.setStatus(200);
        res.setContentType(JSON_STREAM.toString());
        res.getOutputStream().write(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        res.flushBuffer();
    }

    /** `docker save` of several images into one archive. */
    @GetMapping("/images/get")
    void saveMany(@RequestParam(required = false) List<String> names, HttpServletResponse res) throws IOException {
        save(images, events, names == null ? List.of() : names, res);
    }

    /** Writes the archive to the response; every name is checked first so a typo is a clean 404. */
    static void save(ImageStore images, EventBus events, List<String> names, HttpServletResponse res) throws IOException {
        List<Image> found = new ArrayList<>();
        for (String n : names) {
            found.add(images.get(n));
        }
        res.setStatus(200);
        res.setContentType("application/x-tar");
        images.save(names, res.getOutputStream());
        for (Image i : found) {
            ImageEvents.publish(events, "save", i.id(), i.id());
        }
    }

    /**
     * `docker import` (fromSrc=-: the body is a rootfs tar, plain or gzip) with repo, tag, a
     * commit message and Dockerfile changes; `docker pull` (fromImage) is not supported yet.
     */
    @PostMapping("/images/create")
    ResponseEntity<?> create(HttpServletRequest request,
                             @RequestParam(required = false) String fromImage,
                             @RequestParam(required = false) String fromSrc,
                             @RequestParam(required = false) String repo,
                             @RequestParam(required = false) String tag,
                             @RequestParam(required = false) String message,
                             @RequestParam(required = false) List<String> changes) throws IOException {
        if (fromSrc == null || fromSrc.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED).body(new ApiErrors.Message(
                    "pulling " + (fromImage == null ? "images" : fromImage) + " from a registry is not supported by Caisson yet;"
                            + " load the image with `docker load` instead"));
        }
        if (!fromSrc.equals("-")) {
            return ResponseEntity.status(HttpStatus.NOT_IMPLEMENTED).body(new ApiErrors.Message(
                    "importing from a URL is not supported by Caisson yet; send the archive in the request body"
                            + " (`docker import FILE` or `docker import -`)"));
        }
        // everything that can be wrong with the request is checked before the upload is read
        String ref = DockerImages.importReference(repo, tag);
        Image img;
        try (InputStream in = request.getInputStream()) {
            img = dockerImages.importRootfs(in, ref, changes, message);
        }
        return ResponseEntity.ok().contentType(JSON_STREAM).body("{\"status\":\"" + img.id() + "\"}\n");
    }

    private static String stream(String line) {
        return "{\"stream\":\"" + escape(line) + "\\n\"}\n";
    }

    /** Docker's progress line for a layer a load added (shown whole: the copy is already done). */
    private static String loadingLayer(Layer l) {
        String id = l.diffId().hex().substring(0, 12);
        if (l.size() == 0) {
            return "{\"status\":\"Loading layer\",\"progressDetail\":{},\"id\":\"" + id + "\"}\n";
        }
        String size = humanSize(l.size());
        return "{\"status\":\"Loading layer\",\"progressDetail\":{\"current\":" + l.size() + ",\"total\":" + l.size()
                + "},\"progress\":\"[" + "=".repeat(49) + ">]  " + size + "/" + size + "\",\"id\":\"" + id + "\"}\n";
    }

    /** Docker's units.HumanSize: decimal units, four significant digits (the load progress). */
    static String humanSize(long bytes) {
        return DockerViews.humanSize(bytes, 4);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
