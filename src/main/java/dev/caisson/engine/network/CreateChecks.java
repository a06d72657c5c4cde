package dev.caisson.engine.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.Networking;
import dev.caisson.engine.runtime.NetworkingConfig;

/**
 * Docker's rules for a container's network settings, checked before anything is made: the
 * network mode (default, bridge, a network's name or ID, host, none, container:X), aliases only
 * on user-defined networks, static addresses only on user-configured subnets, --add-host
 * syntax, and the options a shared namespace cannot have.
 */
final class CreateChecks {
    private final NetworkState state;
    private final Supplier<Networking.Containers> containers;

    CreateChecks(NetworkState state, Supplier<Networking.Containers> containers) {
        this.state = state;
        this.containers = containers;
    }

    ContainerSpec prepare(ContainerSpec spec) {
        String mode = spec.networkMode();
        NetworkingConfig net = spec.networking();
        for (String h : net.extraHosts()) {
            int colon = h.indexOf(':');
            String ip = colon < 0 ? "" : h.substring(colon + 1);
            if (colon <= 0 || !(ip.equals("host-gateway") || Ipv4.parseOrNull(ip) != null)) {
                throw new InvalidArgumentException("invalid IP address in add-host: \"" + ip + "\"");
            }
        }
        if (mode.startsWith("container:")) {
            if (spec.hostname() != null && !spec.hostname().isEmpty()) {
                throw new InvalidArgumentException("conflicting options: hostname and the network mode");
            }
            if (!net.dns().isEmpty() || !net.dnsSearch().isEmpty() || !net.dnsOptions().isEmpty()) {
                throw new InvalidArgumentException("conflicting options: dns and the network mode");
            }
            if (!net.extraHosts().isEmpty()) {
                throw new InvalidArgumentException("conflicting options: custom host-to-IP mapping and the network mode");
            }
            if (!net.endpoints().isEmpty()) {
                throw new InvalidArgumentException("container sharing network namespace with another container or host "
                        + "cannot be connected to any other network");
            }
            Container x = containers.get().get(mode.substring("container:".length()));
            return spec.toBuilder().networkMode("container:" + x.id()).hostname(x.config().hostname())
                    .domainname(x.config().domainname()).build();
        }
        Network primary = modeNetwork(mode);
        for (Map.Entry<String, NetworkingConfig.Endpoint> e : net.endpoints().entrySet()) {
            Network n = endpointNetwork(e.getKey());
            if (n != null) {
                checkEndpoint(n, e.getValue().aliases(), e.getValue().ipv4Address());
            }
        }
        if ((primary == null || !primary.bridged()) && net.endpoints().values().stream()
                .anyMatch(e -> !e.aliases().isEmpty() || e.ipv4Address() != null)) {
            throw new InvalidArgumentException("network-scoped alias is supported only for containers in user defined networks");
        }
        return spec;
    }

    /** The network a mode names: the default bridge for "default" (null without one), null for host/none/container:. */
    Network modeNetwork(String mode) {
        if (mode.equals("none") || mode.equals("host") || mode.startsWith("container:")) {
            return null;
        }
        if (mode.equals("default")) {
            return state.byName(Network.DEFAULT_BRIDGE).filter(Network::predefined).orElse(null);
        }
        return state.get(mode);
    }

    /** An EndpointsConfig key: a network's name or ID, or "default" as the CLI sends it for the default mode. */
    private Network endpointNetwork(String ref) {
        return ref.equals("default") ? modeNetwork(ref) : state.get(ref);
    }

    /** The attachments a new container starts with: its mode's network first, then the other endpoints asked for. */
    List<Endpoint> attachments(Container c) {
        Map<String, Endpoint> out = new LinkedHashMap<>();
        Network primary = modeNetwork(c.spec().networkMode());
        Map<Network, NetworkingConfig.Endpoint> asked = new LinkedHashMap<>();
        c.spec().networking().endpoints().forEach((ref, e) -> {
            Network n = endpointNetwork(ref);
            if (n != null) {
                asked.put(n, e);
            }
        });
        if (primary != null && primary.bridged()) {
            NetworkingConfig.Endpoint cfg = asked.getOrDefault(primary, new NetworkingConfig.Endpoint(null, null));
            out.put(primary.id(), Endpoint.configured(c.id(), primary, cfg.aliases(), cfg.ipv4Address(), 0));
        }
        asked.forEach((n, cfg) -> {
            if (n.bridged() && !out.containsKey(n.id())) {
                out.put(n.id(), Endpoint.configured(c.id(), n, cfg.aliases(), cfg.ipv4Address(), out.size()));
            }
        });
        return new ArrayList<>(out.values());
    }

    /** Docker's refusals for `network connect`. */
    void connectable(Container c, Network n, List<String> aliases, String ipv4, List<Endpoint> attached) {
        String mode = c.spec().networkMode();
        if (n.driver().equals("host") || mode.equals("host")) {
            throw new InvalidArgumentException("container cannot be disconnected from host network or connected to host network");
        }
        if (n.driver().equals("null") || mode.equals("none")) {
            throw new InvalidArgumentException("container cannot be connected to multiple networks with one of the networks"
                    + " in private (none) mode");
        }
        if (mode.startsWith("container:")) {
            throw new InvalidArgumentException("container sharing network namespace with another container or host "
                    + "cannot be connected to any other network");
        }
        if (attached.stream().anyMatch(e -> e.networkId().equals(n.id()))) {
            throw new ForbiddenException("endpoint with name " + c.name() + " already exists in network " + n.name());
        }
        checkEndpoint(n, aliases, ipv4);
    }

    private static void checkEndpoint(Network n, List<String> aliases, String ipv4) {
        if (!aliases.isEmpty() && !n.userDefined()) {
            throw new InvalidArgumentException("network-scoped alias is supported only for containers in user defined networks");
        }
        if (ipv4 != null) {
            Ipam.requested(n, ipv4, Set.of());   // its subnet's facts now; a lease held by another container at start
        }
    }
}
