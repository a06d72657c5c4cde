package dev.caisson.api.docker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.NotFoundException;

/**
 * The network and volume routes clients call before bridge networking and volumes exist
 * (Testcontainers lists and prunes both when the JVM exits): the networks are Docker's
 * predefined ones without a bridge — `none` and `host`, as from a dockerd started with
 * `--bridge=none` — and there are no volumes. The networking and volume issues replace this.
 */
@RestController
class PredefinedNetworksController {
    private static final Set<String> FILTERS = Set.of("name", "id", "driver", "type", "label", "scope", "dangling");
    /** name → driver, as Docker names them. */
    private static final Map<String, String> NETWORKS = Map.of("none", "null", "host", "host");
    private static final Instant CREATED = Instant.now();

    @GetMapping("/networks")
    List<Map<String, Object>> list(@RequestParam(required = false) String filters) {
        FilterArgs f = FilterArgs.parse(filters).allow(FILTERS);
        return List.of("none", "host").stream().filter(n -> matches(f, n)).map(PredefinedNetworksController::view).toList();
    }

    @GetMapping("/networks/{id}")
    Map<String, Object> inspect(@PathVariable String id) {
        for (String n : NETWORKS.keySet()) {
            if (n.equals(id) || (id.length() > 0 && id(n).startsWith(id))) {
                return view(n);
            }
        }
        throw new NotFoundException("network " + id + " not found");
    }

    /** The predefined networks are never pruned. */
    @PostMapping("/networks/prune")
    Map<String, Object> prune(@RequestParam(required = false) String filters) {
        FilterArgs.parse(filters);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("NetworksDeleted", null);
        return out;
    }

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

    private static boolean matches(FilterArgs f, String name) {
        return (!f.has("name") || f.get("name").stream().anyMatch(name::contains))
                && (!f.has("id") || f.get("id").stream().anyMatch(id(name)::startsWith))
                && (!f.has("driver") || f.get("driver").contains(NETWORKS.get(name)))
                && (!f.has("type") || f.get("type").contains("builtin"))
                && (!f.has("scope") || f.get("scope").contains("local"))
                && !f.has("label")                       // built-in networks carry no labels
                && !Boolean.TRUE.equals(f.bool("dangling"));
    }

    private static Map<String, Object> view(String name) {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", "default");
        ipam.put("Options", null);
        ipam.put("Config", List.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("Id", id(name));
        m.put("Created", CREATED.toString());
        m.put("Scope", "local");
        m.put("Driver", NETWORKS.get(name));
        m.put("EnableIPv6", false);
        m.put("IPAM", ipam);
        m.put("Internal", false);
        m.put("Attachable", false);
        m.put("Ingress", false);
        m.put("ConfigFrom", Map.of("Network", ""));
        m.put("ConfigOnly", false);
        m.put("Containers", Map.of());
        m.put("Options", Map.of());
        m.put("Labels", Map.of());
        return m;
    }

    /** A stable 64-hex ID per predefined network (Docker draws them at random once per host). */
    static String id(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("caisson-network:" + name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
