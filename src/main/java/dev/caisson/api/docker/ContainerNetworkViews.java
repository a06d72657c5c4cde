package dev.caisson.api.docker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.caisson.engine.network.Endpoint;
import dev.caisson.engine.network.Network;
import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.Container;

/**
 * A container's NetworkSettings as Docker shows them: one entry per network in Networks (the
 * predefined host or none for those modes), and for the default bridge its address, gateway
 * and MAC also at the top level. Addresses exist only while the container runs.
 */
final class ContainerNetworkViews {
    private ContainerNetworkViews() {
    }

    static Map<String, Object> inspect(Container c, NetworkService net) {
        List<Endpoint> endpoints = net.endpoints(c.id());
        Optional<Endpoint> bridge = endpoints.stream().filter(Endpoint::live)
                .filter(e -> net.byId(e.networkId()).map(n -> n.predefined() && n.bridged()).orElse(false)).findFirst();
        String key = net.sandboxKey(c.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Bridge", "");
        m.put("SandboxID", c.state().running() && !c.spec().networkMode().startsWith("container:") ? sha256("sandbox:" + c.id()) : "");
        m.put("HairpinMode", false);
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        m.put("Ports", PortViews.settings(c, net));
        m.put("SandboxKey", key);
        m.put("SecondaryIPAddresses", null);
        m.put("SecondaryIPv6Addresses", null);
        m.put("EndpointID", bridge.map(Endpoint::endpointId).orElse(""));
        m.put("Gateway", bridge.flatMap(e -> net.byId(e.networkId())).map(Network::gateway).orElse(""));
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("IPAddress", bridge.map(Endpoint::ipv4).orElse(""));
        m.put("IPPrefixLen", bridge.flatMap(e -> net.byId(e.networkId())).map(Network::prefixLength).orElse(0));
        m.put("IPv6Gateway", "");
        m.put("MacAddress", bridge.map(Endpoint::macAddress).orElse(""));
        m.put("Networks", networks(c, net));
        return m;
    }

    /** `docker ps`'s NetworkSettings: the Networks map alone. */
    static Map<String, Object> summary(Container c, NetworkService net) {
        return Map.of("Networks", networks(c, net));
    }

    static Map<String, Object> networks(Container c, NetworkService net) {
        Map<String, Object> out = new LinkedHashMap<>();
        String mode = c.spec().networkMode();
        if (mode.equals("host") || mode.equals("none")) {
            Optional<Network> n = net.list().stream().filter(x -> x.name().equals(mode) && x.predefined()).findFirst();
            boolean running = c.state().running();
            out.put(mode, entry(null, n.map(Network::id).orElse(""),
                    running ? NetworkViews.syntheticEndpointId(c.id(), n.map(Network::id).orElse("")) : "", null, null, c));
            return out;
        }
        for (Endpoint e : net.endpoints(c.id())) {
            Network n = net.byId(e.networkId()).orElse(null);
            out.put(n == null ? e.networkName() : n.name(), entry(e, e.networkId(), e.live() ? e.endpointId() : "", n, e, c));
        }
        return out;
    }

    private static Map<String, Object> entry(Endpoint cfg, String networkId, String endpointId, Network n, Endpoint live,
                                             Container c) {
        boolean up = live != null && live.live();
        boolean user = n != null && n.userDefined();
        List<String> aliases = new ArrayList<>(cfg == null ? List.of() : cfg.aliases());
        if (up && user) {
            aliases.add(c.shortId());   // API < 1.44 lists the short ID among the aliases
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("IPAMConfig", cfg == null || cfg.ipamIpv4() == null ? null : Map.of("IPv4Address", cfg.ipamIpv4()));
        m.put("Links", null);
        m.put("Aliases", aliases.isEmpty() ? null : aliases);
        m.put("NetworkID", networkId);
        m.put("EndpointID", endpointId);
        m.put("Gateway", up && n != null && !n.internal() ? n.gateway() : "");
        m.put("IPAddress", up ? live.ipv4() : "");
        m.put("IPPrefixLen", up && n != null ? n.prefixLength() : 0);
        m.put("IPv6Gateway", "");
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("MacAddress", up ? live.macAddress() : "");
        m.put("DriverOpts", null);
        List<String> dnsNames = new ArrayList<>();
        if (up && user) {
            dnsNames.add(c.name());
            dnsNames.addAll(cfg.aliases());
            dnsNames.add(c.shortId());
        }
        m.put("DNSNames", dnsNames.isEmpty() ? null : dnsNames);
        return m;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
