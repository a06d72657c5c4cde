package dev.caisson.engine.network;

import java.util.List;

/**
 * A container's attachment to a network. The first fields are its configuration (kept while
 * the container exists: aliases, a static address asked for, the order it was attached in);
 * the rest are set only while the container runs (its "live" endpoint: ID, leased address,
 * MAC, the host end of its veth pair and the interface name inside the container). The leased
 * address is the IPAM lease: no two endpoints of one network ever hold the same one.
 */
public record Endpoint(
        String containerId,
        String networkId,
        String networkName,
        List<String> aliases,
        String ipamIpv4,
        int order,
        String endpointId,
        String ipv4,
        String macAddress,
        String hostInterface,
        String interfaceName) {

    public Endpoint {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    static Endpoint configured(String containerId, Network n, List<String> aliases, String ipamIpv4, int order) {
        return new Endpoint(containerId, n.id(), n.name(), aliases, ipamIpv4, order, null, null, null, null, null);
    }

    public boolean live() {
        return endpointId != null && ipv4 != null;
    }

    Endpoint up(String id, String ip, String mac, String hostIf, String ifName) {
        return new Endpoint(containerId, networkId, networkName, aliases, ipamIpv4, order, id, ip, mac, hostIf, ifName);
    }

    /** The lease released, the configuration kept. */
    Endpoint down() {
        return new Endpoint(containerId, networkId, networkName, aliases, ipamIpv4, order, null, null, null, null, null);
    }

    Endpoint onNetwork(Network n) {
        return new Endpoint(containerId, n.id(), n.name(), aliases, ipamIpv4, order, endpointId, ipv4, macAddress,
                hostInterface, interfaceName);
    }
}
