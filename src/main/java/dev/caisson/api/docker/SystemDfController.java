package dev.caisson.api.docker;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** `docker system df [-v]`: what images, containers, volumes and the build cache take on disk. */
@RestController
class SystemDfController {
    private final DockerSystem system;

    SystemDfController(DockerSystem system) {
        this.system = system;
    }

    @GetMapping("/system/df")
    Map<String, Object> df() {
        return system.df();
    }
}
