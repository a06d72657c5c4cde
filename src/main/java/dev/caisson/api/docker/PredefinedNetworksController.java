package dev.caisson.api.docker;

import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The volume routes clients call before volumes exist (Testcontainers prunes them when the JVM
 * exits, docker-py lists them): there are no volumes. The volumes issue replaces this; the
 * network routes live in {@link NetworksController}.
 */
@RestController
class PredefinedNetworksController {
    @GetMapping("/volumes")
    Map<String, Object> volumes(@RequestParam(required = false) String filters) {
        FilterArgs.parse(filters);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Volumes", List.of());
        out.put("Warnings", null);
        return out;
    }

    @PostMapping("/volumes/prune")
    Map<String, Object> pruneVolumes(@RequestParam(required = false) String filters) {
        FilterArgs.parse(filters);
        return Map.of("VolumesDeleted", List.of(), "SpaceReclaimed", 0);
    }
}
