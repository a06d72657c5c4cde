package dev.caisson.api.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.portmap.PortBinding;
import dev.caisson.engine.portmap.PublishedPort;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.NetworkingConfig;

/**
 * A container's ports as Docker shows them: exposed ("80/tcp"), asked for (HostConfig's
 * PortBindings) and published now (NetworkSettings.Ports, `docker ps`, `docker port`).
 * Published ports exist only while the container runs.
 */
final class PortViews {
    private PortViews() {
    }

    /** `docker ps`'s Ports: one entry per published port, and exposed ports without a host side. */
    static List<Map<String, Object>> summary(Container c, NetworkService net) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<PublishedPort> published = c.state().running() ? net.publishedPorts(c.id()) : List.of();
        for (PublishedPort p : published) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("IP", p.hostIp());
            m.put("PrivatePort", p.containerPort());
            m.put("PublicPort", p.hostPort());
            m.put("Type", p.protocol().wireName());
            out.add(m);
        }
        for (String key : c.spec().networking().exposedPorts()) {
            if (published.stream().noneMatch(p -> key(p).equals(key))) {
                String[] k = key.split("/");
                out.add(Map.of("PrivatePort", Integer.parseInt(k[0]), "Type", k[1]));
            }
        }
        return out;
    }

    /** NetworkSettings.Ports: "80/tcp" → [{HostIp, HostPort}], or null for a port only exposed. */
    static Map<String, Object> settings(Container c, NetworkService net) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!c.state().running()) {
            return out;
        }
        for (String key : c.spec().networking().exposedPorts()) {
            out.put(key, null);
        }
        for (PublishedPort p : net.publishedPorts(c.id())) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> list = (List<Map<String, String>>) out.get(key(p));
            if (list == null) {
                list = new ArrayList<>();
                out.put(key(p), list);
            }
            list.add(Map.of("HostIp", p.hostIp(), "HostPort", Integer.toString(p.hostPort())));
        }
        return out;
    }

    /** Config.ExposedPorts: {"80/tcp": {}}, or null when there are none. */
    static Map<String, Object> exposed(Container c) {
        List<String> ports = c.spec().networking().exposedPorts();
        if (ports.isEmpty()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ports.forEach(p -> out.put(p, Map.of()));
        return out;
    }

    /** HostConfig.PortBindings as asked: {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}. */
    static Map<String, Object> bindings(Container c) {
        NetworkingConfig n = c.spec().networking();
        Map<String, Object> out = new LinkedHashMap<>();
        for (PortBinding b : n.portBindings()) {
            @SuppressWarnings("unchecked")
            List<Map<String, String>> list = (List<Map<String, String>>) out.computeIfAbsent(
                    b.containerPort() + "/" + b.protocol().wireName(), k -> new ArrayList<Map<String, String>>());
            String host = b.ephemeral() ? "" : b.hostPortStart() == b.hostPortEnd() ? Integer.toString(b.hostPortStart())
                    : b.hostPortStart() + "-" + b.hostPortEnd();
            list.add(Map.of("HostIp", b.hostIp(), "HostPort", host));
        }
        return out;
    }

    private static String key(PublishedPort p) {
        return p.containerPort() + "/" + p.protocol().wireName();
    }
}
