package dev.caisson.engine.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.portmap.PortBinding;

/**
 * The network part of a create request besides the mode: per network the endpoint settings
 * (Docker's NetworkingConfig.EndpointsConfig: aliases, a static IPv4 address), the container's
 * /etc/hosts and /etc/resolv.conf additions (--add-host, --dns, --dns-search, --dns-option) and
 * its ports: the exposed ones ("80/tcp", Config.ExposedPorts), those to publish
 * (HostConfig.PortBindings, -p) and -P (PublishAllPorts: every exposed port, the image's too,
 * on an ephemeral host port).
 */
public record NetworkingConfig(Map<String, Endpoint> endpoints, List<String> extraHosts, List<String> dns,
                               List<String> dnsSearch, List<String> dnsOptions, List<String> exposedPorts,
                               List<PortBinding> portBindings, boolean publishAllPorts) {
    public static final NetworkingConfig NONE = new NetworkingConfig(null, null, null, null, null);

    public NetworkingConfig(Map<String, Endpoint> endpoints, List<String> extraHosts, List<String> dns,
                            List<String> dnsSearch, List<String> dnsOptions) {
        this(endpoints, extraHosts, dns, dnsSearch, dnsOptions, null, null, false);
    }

    public NetworkingConfig withPorts(List<String> exposed, List<PortBinding> bindings, boolean publishAll) {
        return new NetworkingConfig(endpoints, extraHosts, dns, dnsSearch, dnsOptions, exposed, bindings, publishAll);
    }

    public NetworkingConfig {
        exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
        portBindings = portBindings == null ? List.of() : List.copyOf(portBindings);
        endpoints = endpoints == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
    }

    /** One network's endpoint settings; ipv4Address null or empty lets IPAM choose. */
    public record Endpoint(List<String> aliases, String ipv4Address) {
        public Endpoint {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
            ipv4Address = ipv4Address == null || ipv4Address.isEmpty() ? null : ipv4Address;
        }
    }
}
