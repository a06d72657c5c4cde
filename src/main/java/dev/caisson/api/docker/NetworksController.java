package dev.caisson.api.docker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.network.Network;
import dev.caisson.engine.network.NetworkCreate;
import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.Engine;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.GuardRails;

/** The network routes: list, inspect, create, remove, prune, connect, disconnect. */
@RestController
class NetworksController {
    private static final Set<String> LIST_FILTERS = Set.of("name", "id", "driver", "type", "label", "scope", "dangling");
    private final NetworkService networks;
    private final ContainerRuntime rt;
    private final GuardRails guardRails;
    private final DockerPrune prune;

    NetworksController(Engine engine, GuardRails guardRails, DockerPrune prune) {
        this.networks = engine.networks();
        this.rt = engine.containers();
        this.guardRails = guardRails;
        this.prune = prune;
    }

    @GetMapping("/networks")
    List<Map<String, Object>> list(@RequestParam(required = false) String filters) {
        FilterArgs f = FilterArgs.parse(filters).allow(LIST_FILTERS);
        for (String t : f.get("type")) {
            if (!t.equals("custom") && !t.equals("builtin")) {
                throw new InvalidArgumentException("Invalid filter: 'type'='" + t + "'");
            }
        }
        Boolean dangling = f.bool("dangling");
        return networks.list().stream()
                .filter(n -> matches(f, "name", n.name()) && matches(f, "id", n.id()))
                .filter(n -> !f.has("driver") || f.get("driver").contains(n.driver()))
                .filter(n -> !f.has("type") || f.get("type").contains(n.predefined() ? "builtin" : "custom"))
                .filter(n -> !f.has("scope") || f.get("scope").contains("local"))
                .filter(n -> f.labelsMatch("label", n.labels()))
                .filter(n -> dangling == null || dangling == (!n.predefined() && networks.containers(n.id()).isEmpty()))
                .map(n -> NetworkViews.view(n, Map.of()))
                .toList();
    }

    @GetMapping("/networks/{id}")
    Map<String, Object> inspect(@PathVariable String id) {
        Network n = networks.get(id);
        return NetworkViews.view(n, NetworkViews.containers(n, networks, rt));
    }

    @PostMapping("/networks/create")
    ResponseEntity<Map<String, Object>> create(@RequestBody NetworkRequests.Create body) {
        guardRails.checkNetwork(CurrentPrincipal.require(), body.driver(), body.options(),
                body.ipam() == null || body.ipam().config() == null ? 0 : body.ipam().config().size(),
                body.ipam() == null ? null : body.ipam().driver(), body.ipam() == null ? null : body.ipam().options());
        List<Network.IpamConfig> ipam = body.ipam() == null || body.ipam().config() == null ? List.of()
                : body.ipam().config().stream().map(c -> new Network.IpamConfig(c.subnet(), c.ipRange(), c.gateway())).toList();
        if (body.ingress() != null && body.ingress()) {
            throw new InvalidArgumentException("ingress networks need swarm mode, which Caisson does not have");
        }
        Network n = networks.create(new NetworkCreate(body.name(), body.driver(), Boolean.TRUE.equals(body.internal()),
                Boolean.TRUE.equals(body.attachable()), Boolean.TRUE.equals(body.enableIpv6()),
                body.ipam() == null ? null : body.ipam().driver(), ipam, body.options(), body.labels()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Id", n.id());
        out.put("Warning", "");
        return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }

    @DeleteMapping("/networks/{id}")
    ResponseEntity<Void> remove(@PathVariable String id) {
        networks.remove(id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/networks/prune")
    Map<String, Object> prune(@RequestParam(required = false) String filters) {
        return prune.networks(filters);
    }

    @PostMapping("/networks/{id}/connect")
    ResponseEntity<Void> connect(@PathVariable String id, @RequestBody NetworkRequests.Connect body) {
        NetworkRequests.EndpointConfig ec = body.endpointConfig();
        networks.connect(id, body.container(), ec == null ? List.of() : ec.aliases(), ec == null ? null : ec.ipv4());
        return ResponseEntity.ok().build();
    }

    @PostMapping("/networks/{id}/disconnect")
    ResponseEntity<Void> disconnect(@PathVariable String id, @RequestBody NetworkRequests.Disconnect body) {
        networks.disconnect(id, body.container(), Boolean.TRUE.equals(body.force()));
        return ResponseEntity.ok().build();
    }

    /** Docker matches name and id filters as regular expressions found anywhere (so a prefix or a substring works). */
    private static boolean matches(FilterArgs f, String filter, String value) {
        if (!f.has(filter)) {
            return true;
        }
        for (String v : f.get(filter)) {
            try {
                if (value.contains(v) || Pattern.compile(v).matcher(value).find()) {
                    return true;
                }
            } catch (PatternSyntaxException e) {
                // no match, as Docker
            }
        }
        return false;
    }
}
