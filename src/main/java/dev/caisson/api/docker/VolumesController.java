package dev.caisson.api.docker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.caisson.engine.Engine;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.volume.Volume;
import dev.caisson.engine.volume.VolumeService;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.GuardRails;

/** The volume routes: list with filters, create, inspect, remove, prune (Docker's rules per API version). */
@RestController
class VolumesController {
    private static final Set<String> LIST_FILTERS = Set.of("dangling", "name", "driver", "label");

    private final VolumeService volumes;
    private final GuardRails guardRails;
    private final DockerPrune prune;

    VolumesController(Engine engine, GuardRails guardRails, DockerPrune prune) {
        this.volumes = engine.volumes();
        this.guardRails = guardRails;
        this.prune = prune;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateRequest(@JsonProperty("Name") String name, @JsonProperty("Driver") String driver,
                         @JsonProperty("DriverOpts") Map<String, String> driverOpts,
                         @JsonProperty("Labels") Map<String, String> labels) {
    }

    @GetMapping("/volumes")
    Map<String, Object> list(@RequestParam(required = false) String filters) {
        DockerFilters f = DockerFilters.parse(filters).accept(LIST_FILTERS);
        Boolean dangling = bool(f, "dangling");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Volumes", volumes.list().stream()
                .filter(v -> f.exact("driver", v.driver()) && f.regex("name", v.name()) && f.labels("label", v.labels()))
                .filter(v -> dangling == null || dangling == volumes.references(v.name()).isEmpty())
                .map(v -> VolumeViews.view(volumes, v)).toList());
        out.put("Warnings", null);
        return out;
    }

    @PostMapping("/volumes/create")
    ResponseEntity<Map<String, Object>> create(@RequestBody CreateRequest body) {
        // driver options mount anything (o=bind of any host path): non-admins get plain volumes
        guardRails.checkVolume(CurrentPrincipal.require(), body.driver(), body.driverOpts());
        Volume v = volumes.create(body.name(), body.driver(), body.labels(), body.driverOpts());
        return ResponseEntity.status(HttpStatus.CREATED).body(VolumeViews.view(volumes, v));
    }

    @GetMapping("/volumes/{name}")
    Map<String, Object> inspect(@PathVariable String name) {
        return VolumeViews.view(volumes, volumes.get(name));
    }

    @DeleteMapping("/volumes/{name}")
    ResponseEntity<Void> remove(@PathVariable String name, @RequestParam(required = false) String force) {
        volumes.remove(name, ContainersController.flag(force));
        return ResponseEntity.noContent().build();
    }

    /**
     * API 1.42 changed prune to anonymous volumes unless all=true; a request of an older version
     * (the unversioned path is the newest we serve, 1.41) prunes every unused volume, as Docker
     * does by adding all=true for it.
     */
    @PostMapping("/volumes/prune")
    Map<String, Object> prune(@RequestParam(required = false) String filters, HttpServletRequest req) {
        Object version = req.getAttribute(ApiVersionFilter.VERSION_ATTRIBUTE);
        return prune.volumes(filters, ApiVersion.compare(version == null ? ApiVersion.CURRENT : version.toString(), "1.42") < 0);
    }

    private static Boolean bool(DockerFilters f, String name) {
        if (!f.has(name)) {
            return null;
        }
        List<String> vs = List.copyOf(f.values(name));
        return parseBool(name, vs.get(0));
    }

    static boolean parseBool(String name, String v) {
        return switch (v.toLowerCase()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidArgumentException("Invalid filter '" + name + "=[" + v + "]'");
        };
    }
}
