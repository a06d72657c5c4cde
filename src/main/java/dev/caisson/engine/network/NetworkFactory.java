package dev.caisson.engine.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;

/**
 * Makes and unmakes networks: checks a create request with Docker's rules, picks the subnet,
 * creates the bridge and its firewall rules, records the network, in that order and under the
 * {@link HostLock} (the bridge's route is what keeps another engine off its subnet). Also the
 * predefined networks, and bringing every bridge back when the engine opens.
 */
final class NetworkFactory {
    static final String BRIDGE_NAME = "com.docker.network.bridge.name";
    static final String MTU = "com.docker.network.driver.mtu";
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final NetworkState state;
    private final BridgeDriver driver;
    private final Firewall firewall;
    private final NetworkOptions options;

    NetworkFactory(NetworkState state, BridgeDriver driver, Firewall firewall, NetworkOptions options) {
        this.state = state;
        this.driver = driver;
        this.firewall = firewall;
        this.options = options;
    }

    void restore() {
        HostLock.with(() -> {
            predefined("none", "null");
            predefined("host", "host");
            if (options.defaultBridge() != null) {
                defaultBridge();
            }
            List<FirewallRules.Rule> rules = new ArrayList<>();
            for (Network n : state.networks()) {
                if (n.bridged()) {
                    driver.ensureBridge(n);
                    rules.addAll(FirewallRules.forNetwork(n.bridge(), n.subnet(), n.internal()));
                }
            }
            if (!rules.isEmpty()) {
                firewall.ensure(rules);   // an engine with no bridge network touches no firewall
            }
            forwarding();
            return null;
        });
    }

    Network create(NetworkCreate r) {
        String driverName = r.driver() == null || r.driver().isEmpty() ? "bridge" : r.driver();
        if (r.name() == null || r.name().isBlank()) {
            throw new InvalidArgumentException("network name must not be empty");
        }
        if (r.name().equals("host") || r.name().equals("none")) {
            throw new ForbiddenException("operation is not permitted on predefined " + r.name() + " network");
        }
        if (driverName.equals("host") || driverName.equals("null")) {
            throw new ForbiddenException("only one instance of \"" + driverName + "\" network is allowed");
        }
        if (!driverName.equals("bridge")) {
            throw new NotFoundException("plugin \"" + driverName + "\" not found");
        }
        if (r.enableIpv6()) {
            throw new InvalidArgumentException("IPv6 networks are not supported by Caisson (create the network without --ipv6)");
        }
        if (r.ipamDriver() != null && !r.ipamDriver().isEmpty() && !r.ipamDriver().equals("default")) {
            throw new NotFoundException("plugin \"" + r.ipamDriver() + "\" not found");
        }
        if (r.ipam().size() > 1) {
            throw new InvalidArgumentException("Caisson networks have one IPv4 subnet (" + r.ipam().size() + " IPAM configs given)");
        }
        if (state.byName(r.name()).isPresent()) {
            throw new ConflictException("network with name " + r.name() + " already exists");
        }
        String id = Sandboxes.newId();
        String bridge = r.options().getOrDefault(BRIDGE_NAME, "br-" + id.substring(0, 12));
        if (bridge.isEmpty() || bridge.length() > 15 || bridge.contains("/") || bridge.contains(" ")) {
            throw new InvalidArgumentException("invalid bridge name: " + bridge);
        }
        int mtu = mtu(r.options().get(MTU));
        Network.IpamConfig asked = r.ipam().isEmpty() ? new Network.IpamConfig(null, null, null) : r.ipam().get(0);
        return HostLock.with(() -> {
            if (state.networks().stream().anyMatch(n -> bridge.equals(n.bridge())) || driver.bridgeExists(bridge)) {
                throw new ConflictException("a network interface named " + bridge + " already exists");
            }
            Network n = plan(id, r, bridge, mtu, asked);
            List<FirewallRules.Rule> rules = FirewallRules.forNetwork(bridge, n.subnet(), n.internal());
            driver.ensureBridge(n);
            try {
                firewall.ensure(rules);
                state.put(n);
            } catch (RuntimeException e) {
                firewall.remove(rules, bridge);
                driver.deleteLink(bridge);
                throw e;
            }
            forwarding();
            return n;
        });
    }

    /** The network record: its subnet, gateway and range checked, or chosen from the pools. */
    private Network plan(String id, NetworkCreate r, String bridge, int mtu, Network.IpamConfig asked) {
        boolean userSubnet = asked.subnet() != null && !asked.subnet().isEmpty();
        Ipv4.Subnet subnet;
        if (userSubnet) {
            subnet = Ipv4.Subnet.parse(asked.subnet());
            if (otherSubnets().stream().anyMatch(subnet::overlaps)) {
                throw new ForbiddenException("Pool overlaps with other one on this address space");
            }
        } else {
            if (blank(asked.gateway()) == null && blank(asked.ipRange()) == null) {
                subnet = Ipam.chooseSubnet(pools(), taken());
            } else {
                throw new InvalidArgumentException("a gateway or IP range needs a subnet (--subnet)");
            }
        }
        String gateway = blank(asked.gateway());
        if (gateway != null) {
            Integer g = Ipv4.parseOrNull(gateway);
            if (g == null || !subnet.contains(g) || g == subnet.network() || g == subnet.broadcast()) {
                throw new InvalidArgumentException("failed to allocate gateway (" + gateway + "): Requested address is out of range");
            }
        } else {
            gateway = Ipv4.format(subnet.address(1));
        }
        String range = blank(asked.ipRange());
        if (range != null && !subnet.covers(Ipv4.Subnet.parse(range))) {
            throw new InvalidArgumentException("invalid IP range " + range + ": it is not inside subnet " + subnet);
        }
        List<Network.IpamConfig> shown = userSubnet
                ? List.of(new Network.IpamConfig(subnet.toString(), range, blank(asked.gateway())))
                : List.of(new Network.IpamConfig(subnet.toString(), null, gateway));
        return new Network(id, r.name(), "bridge", Instant.now(), r.internal(), r.attachable(), r.labels(), r.options(),
                shown, subnet.toString(), gateway, range, bridge, mtu, userSubnet, false);
    }

    void remove(Network n) {
        if (n.predefined()) {
            throw new ForbiddenException(n.name() + " is a pre-defined network and cannot be removed");
        }
        state.removeUnused(n);
        HostLock.with(() -> {
            firewall.remove(FirewallRules.forNetwork(n.bridge(), n.subnet(), n.internal()), n.bridge());
            driver.deleteLink(n.bridge());
            return null;
        });
    }

    private void predefined(String name, String driverName) {
        if (state.byName(name).isEmpty()) {
            state.put(new Network(Sandboxes.newId(), name, driverName, Instant.now(), false, false, null, null, null, null,
                    null, null, null, 0, false, true));
        }
    }

    /** Docker's docker0: subnet from the options or the first free pool, its options as Docker lists them. */
    private void defaultBridge() {
        Network existing = state.byName(Network.DEFAULT_BRIDGE).orElse(null);
        if (existing != null && existing.bridge() != null && existing.bridge().equals(options.defaultBridge())) {
            return;
        }
        if (existing != null) {
            throw new ConflictException("the default bridge network uses interface " + existing.bridge()
                    + ", not " + options.defaultBridge() + " as configured; remove the data dir's network state to change it");
        }
        Ipv4.Subnet subnet = options.defaultSubnet() != null ? Ipv4.Subnet.parse(options.defaultSubnet())
                : Ipam.chooseSubnet(pools(), taken());
        String gateway = Ipv4.format(subnet.address(1));
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("com.docker.network.bridge.default_bridge", "true");
        opts.put("com.docker.network.bridge.enable_icc", "true");
        opts.put("com.docker.network.bridge.enable_ip_masquerade", "true");
        opts.put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0");
        opts.put(BRIDGE_NAME, options.defaultBridge());
        opts.put(MTU, Integer.toString(options.mtu()));
        state.put(new Network(Sandboxes.newId(), Network.DEFAULT_BRIDGE, "bridge", Instant.now(), false, false, null, opts,
                List.of(new Network.IpamConfig(subnet.toString(), null, gateway)), subnet.toString(), gateway, null,
                options.defaultBridge(), options.mtu(), false, true));
    }

    private List<Ipv4.Subnet> pools() {
        return options.pools().stream().map(Ipv4.Subnet::parse).toList();
    }

    /** What a chosen subnet must not overlap: the host's routes and every network of this engine. */
    private List<Ipv4.Subnet> taken() {
        List<Ipv4.Subnet> out = new ArrayList<>(driver.routedSubnets());
        out.addAll(otherSubnets());
        return out;
    }

    private List<Ipv4.Subnet> otherSubnets() {
        return state.networks().stream().filter(n -> n.subnet() != null).map(Network::parsedSubnet).toList();
    }

    private static int mtu(String v) {
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            int m = Integer.parseInt(v);
            if (m < 68 || m > 65535) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid MTU " + v + ": it must be a number from 68 to 65535");
        }
    }

    /** ip_forward on, as Docker sets it, when some network is not internal (containers reach out through the host). */
    private void forwarding() throws IOException {
        if (state.networks().stream().anyMatch(n -> n.bridged() && !n.internal()) && Files.isWritable(IP_FORWARD)
                && !Files.readString(IP_FORWARD).trim().equals("1")) {
            Files.writeString(IP_FORWARD, "1\n");
        }
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
