package dev.caisson.api.docker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.network.Endpoint;
import dev.caisson.engine.network.Network;
import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;

/** Networks in the JSON shape `docker network ls` and `docker network inspect` read. */
final class NetworkViews {
    private NetworkViews() {
    }

    /** containers: the Containers map of inspect (list leaves it empty, as Docker does). */
    static Map<String, Object> view(Network n, Map<String, Object> containers) {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", "default");
        ipam.put("Options", n.predefined() ? null : Map.of());
        ipam.put("Config", n.ipamConfig().stream().map(NetworkViews::ipamConfig).toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", n.name());
        m.put("Id", n.id());
        m.put("Created", n.created().toString());
        m.put("Scope", "local");
        m.put("Driver", n.driver());
        m.put("EnableIPv6", false);
        m.put("IPAM", ipam);
        m.put("Internal", n.internal());
        m.put("Attachable", n.attachable());
        m.put("Ingress", false);
        m.put("ConfigFrom", Map.of("Network", ""));
        m.put("ConfigOnly", false);
        m.put("Containers", containers);
        m.put("Options", n.options());
        m.put("Labels", n.labels());
        return m;
    }

    private static Map<String, Object> ipamConfig(Network.IpamConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Subnet", c.subnet());
        if (c.ipRange() != null && !c.ipRange().isEmpty()) {
            m.put("IPRange", c.ipRange());
        }
        if (c.gateway() != null && !c.gateway().isEmpty()) {
            m.put("Gateway", c.gateway());
        }
        return m;
    }

    /** inspect's Containers: each running container's endpoint (host and none list theirs without addresses). */
    static Map<String, Object> containers(Network n, NetworkService networks, ContainerRuntime rt) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (n.bridged()) {
            for (Endpoint e : networks.containers(n.id())) {
                String name = name(rt, e.containerId());
                if (name != null) {
                    out.put(e.containerId(), entry(name, e.endpointId(), e.macAddress(), e.ipv4() + "/" + n.prefixLength()));
                }
            }
            return out;
        }
        for (Container c : rt.list()) {
            if (c.state().running() && c.spec().networkMode().equals(n.name())) {
                out.put(c.id(), entry(c.name(), syntheticEndpointId(c.id(), n.id()), "", ""));
            }
        }
        return out;
    }

    private static Map<String, Object> entry(String name, String endpointId, String mac, String ipv4) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("EndpointID", endpointId);
        m.put("MacAddress", mac);
        m.put("IPv4Address", ipv4);
        m.put("IPv6Address", "");
        return m;
    }

    private static String name(ContainerRuntime rt, String id) {
        try {
            return rt.get(id).name();
        } catch (RuntimeException gone) {
            return null;
        }
    }

    /** A stable endpoint ID for a container on host or none, which have no endpoint of their own. */
    static String syntheticEndpointId(String containerId, String networkId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((containerId + "/" + networkId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(List<Network> networks) {
        return networks.stream().map(Network::name).toList();
    }
}
