package dev.caisson.api.docker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.storage.Digest;
import dev.caisson.engine.storage.Layer;

/**
 * `docker system df [-v]`: what images, containers, volumes and the build cache take on
 * disk. An image's SharedSize is the part of its layers another image uses too, which the
 * CLI needs to say what removing unused images would free. No volumes or build cache yet.
 */
@RestController
class SystemDfController {
    private final Engine engine;

    SystemDfController(Engine engine) {
        this.engine = engine;
    }

    @GetMapping("/system/df")
    Map<String, Object> df() {
        List<Image> images = engine.images().list();
        List<Container> containers = engine.containers().list();
        Map<String, List<Layer>> layersOf = new LinkedHashMap<>();
        Map<Digest, Integer> users = new HashMap<>();
        Map<Digest, Long> sizes = new HashMap<>();
        for (Image i : images) {
            List<Layer> ls = engine.images().layers(i);
            layersOf.put(i.id(), ls);
            for (Layer l : ls) {
                users.merge(l.chainId(), 1, Integer::sum);
                sizes.put(l.chainId(), l.size());
            }
        }
        Map<String, Integer> containersOf = new HashMap<>();
        containers.forEach(c -> containersOf.merge(c.imageId(), 1, Integer::sum));
        List<Map<String, Object>> imageViews = new ArrayList<>();
        for (Image i : images) {
            long shared = layersOf.get(i.id()).stream().filter(l -> users.get(l.chainId()) > 1).mapToLong(Layer::size).sum();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Containers", containersOf.getOrDefault(i.id(), 0));
            m.put("Created", i.created() == null ? 0 : i.created().getEpochSecond());
            m.put("Id", i.id());
            m.put("Labels", i.config().labels());
            m.put("ParentId", i.parent() == null ? "" : i.parent());
            m.put("RepoDigests", List.of());
            m.put("RepoTags", i.repoTags());
            m.put("SharedSize", shared);
            m.put("Size", i.size());
            m.put("VirtualSize", i.size());
            imageViews.add(m);
        }
        ContainerSizes measure = new ContainerSizes(engine);
        List<Map<String, Object>> containerViews = new ArrayList<>();
        for (Container c : containers) {
            containerViews.add(measure.addTo(ContainerViews.summary(c, engine.networks()), c));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("LayersSize", sizes.values().stream().mapToLong(Long::longValue).sum());
        out.put("Images", imageViews);
        out.put("Containers", containerViews);
        out.put("Volumes", List.of());
        out.put("BuildCache", List.of());
        out.put("BuilderSize", 0);
        return out;
    }
}
