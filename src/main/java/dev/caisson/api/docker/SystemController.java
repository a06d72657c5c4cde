package dev.caisson.api.docker;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerState;

/** `/_ping`, `/version` and `/info`: what clients ask first to negotiate and describe the host. */
@RestController
class SystemController {
    static final String ENGINE_VERSION = "0.1.0-caisson";
    /**
     * The top-level Version of /version is read by programs as Docker's release number
     * (Testcontainers refuses an engine older than 1.6.0): it names the Docker release whose API
     * Caisson serves (1.41: 20.10); Caisson's own version is the Engine component's, which the
     * docker CLI shows.
     */
    static final String DOCKER_COMPATIBLE_VERSION = "20.10.0";
    private final Engine engine;

    SystemController(Engine engine) {
        this.engine = engine;
    }

    @RequestMapping(path = "/_ping", method = {RequestMethod.GET, RequestMethod.HEAD})
    ResponseEntity<String> ping() {
        return ResponseEntity.ok()
                .header("Api-Version", ApiVersion.CURRENT)
                .header("OSType", "linux")
                .header("Docker-Experimental", "false")
                .header("Builder-Version", "1")
                .header(HttpHeaders.PRAGMA, "no-cache")
                .cacheControl(CacheControl.noStore().mustRevalidate())
                .contentType(MediaType.TEXT_PLAIN)
                .body("OK");
    }

    @GetMapping("/version")
    Map<String, Object> version() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Platform", Map.of("Name", "Caisson"));
        v.put("Components", List.of(Map.of("Name", "Engine", "Version", ENGINE_VERSION,
                "Details", Map.of("ApiVersion", ApiVersion.CURRENT, "MinAPIVersion", ApiVersion.MIN, "Os", "linux",
                        "Arch", goArch(), "KernelVersion", kernel()))));
        v.put("Version", DOCKER_COMPATIBLE_VERSION);
        v.put("ApiVersion", ApiVersion.CURRENT);
        v.put("MinAPIVersion", ApiVersion.MIN);
        v.put("GitCommit", "");
        v.put("GoVersion", "java" + System.getProperty("java.version"));
        v.put("Os", "linux");
        v.put("Arch", goArch());
        v.put("KernelVersion", kernel());
        v.put("BuildTime", Instant.EPOCH.toString());
        return v;
    }

    @GetMapping("/info")
    Map<String, Object> info() {
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

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") ? "x86_64" : a;
    }

    /** /version speaks Go's architecture names (amd64), /info the kernel's (x86_64), as Docker does. */
    private static String goArch() {
        return System.getProperty("os.arch");
    }

    private static String kernel() {
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
