package dev.caisson.api.docker;

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

/** `/_ping`, `/version` and `/info`: what clients ask first to negotiate and describe the host. */
@RestController
class SystemController {
    /**
     * The top-level Version of /version is read by programs as Docker's release number
     * (Testcontainers refuses an engine older than 1.6.0): it names the Docker release whose API
     * Caisson serves (1.41: 20.10); Caisson's own version is the Engine component's, which the
     * docker CLI shows.
     */
    static final String DOCKER_COMPATIBLE_VERSION = "20.10.0";
    private final DockerSystem system;

    SystemController(DockerSystem system) {
        this.system = system;
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
        v.put("Components", List.of(Map.of("Name", "Engine", "Version", DockerSystem.ENGINE_VERSION,
                "Details", Map.of("ApiVersion", ApiVersion.CURRENT, "MinAPIVersion", ApiVersion.MIN, "Os", "linux",
                        "Arch", goArch(), "KernelVersion", DockerSystem.kernel()))));
        v.put("Version", DOCKER_COMPATIBLE_VERSION);
        v.put("ApiVersion", ApiVersion.CURRENT);
        v.put("MinAPIVersion", ApiVersion.MIN);
        v.put("GitCommit", "");
        v.put("GoVersion", "java" + System.getProperty("java.version"));
        v.put("Os", "linux");
        v.put("Arch", goArch());
        v.put("KernelVersion", DockerSystem.kernel());
        v.put("BuildTime", Instant.EPOCH.toString());
        return v;
    }

    @GetMapping("/info")
    Map<String, Object> info() {
        return system.info();
    }

    /** /version speaks Go's architecture names (amd64), /info the kernel's (x86_64), as Docker does. */
    private static String goArch() {
        return System.getProperty("os.arch");
    }
}
