package dev.caisson.api.docker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.caisson.engine.Engine;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerState;
import dev.caisson.engine.storage.Digest;
import dev.caisson.engine.storage.Layer;

/**
 * `docker info` and `docker system df` in Docker's JSON, for the Engine API and the dashboard's
 * system page alike. An image's SharedSize in df is the part of its layers another image uses
 * too, which the CLI needs to say what removing unused images would free. No build cache yet.
 */
@Component
public class DockerSystem {
    static final String ENGINE_VERSION = "0.1.0-caisson";

    private final Engine engine;

    DockerSystem(Engine engine) {
        this.engine = engine;
    }

    /** What /info answers. */
    public Map<String, Object> info() {
        List<Container> all = engine.containers().list();
        long running = all.stream().filter(c -> c.state().status() == ContainerState.Status.RUNNING).count();
        long paused = all.stream().filter(c -> c.state().status() == ContainerState.Status.PAUSED).count();
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("ID", hostname());
        i.put("Containers", all.size());
        i.put("ContainersRunning", running);
        i.put("ContainersPaused", paused);
        i.put("ContainersStopped", all.size() - running - paused);
        i.put("Images", engine.images().list().size());
        i.put("Driver", "overlay2");
        i.put("CgroupDriver", engine.cgroups().name());
        i.put("CgroupVersion", Integer.toString(engine.cgroups().version()));
        i.put("KernelVersion", kernel());
        i.put("OperatingSystem", osName());
        i.put("OSType", "linux");
        i.put("Architecture", arch());
        i.put("NCPU", Runtime.getRuntime().availableProcessors());
        i.put("MemTotal", memTotal());
        i.put("DockerRootDir", engine.dataDir().toString());
        i.put("Name", hostname());
        i.put("ServerVersion", ENGINE_VERSION);
        i.put("Runtimes", Map.of("caisson-shim", Map.of("path", engine.dataDir().resolve("bin/caisson-shim").toString())));
        i.put("DefaultRuntime", "caisson-shim");
        i.put("SystemTime", Instant.now().toString());
        return i;
    }

    /** What /system/df answers: every image, container (with its sizes) and local volume. */
    public Map<String, Object> df() {
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
        // Docker leaves out volumes with driver options: their data is not on this disk
        out.put("Volumes", engine.volumes().list().stream().filter(v -> v.options().isEmpty())
                .map(v -> VolumeViews.withUsage(engine.volumes(), v)).toList());
        out.put("BuildCache", List.of());
        out.put("BuilderSize", 0);
        return out;
    }

    static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") ? "x86_64" : a;
    }

    static String kernel() {
        return System.getProperty("os.version");
    }

    private static String hostname() {
        return read(Path.of("/proc/sys/kernel/hostname"), "localhost").trim();
    }

    private static String osName() {
        for (String line : read(Path.of("/etc/os-release"), "").split("\n")) {
            if (line.startsWith("PRETTY_NAME=")) {
                return line.substring(12).replace("\"", "");
            }
        }
        return "Linux";
    }

    private static long memTotal() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 0;
    }

    private static String read(Path p, String fallback) {
        try (var in = Files.newInputStream(p)) {   // not readString: it truncates some /proc/sys files
            return new String(in.readAllBytes());
        } catch (IOException e) {
            return fallback;
        }
    }
}
