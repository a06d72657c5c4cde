package dev.caisson.engine.network;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;

/**
 * Networks and endpoints in memory, written through to the {@link NetworkRepository} before
 * memory changes (a failed write changes nothing). Leases are the live endpoints' addresses:
 * taking one and saving it happen under one lock, so no address is ever handed out twice.
 */
final class NetworkState {
    private final NetworkRepository repository;
    private final Map<String, Network> networks = new LinkedHashMap<>();
    /** container id → network id → endpoint */
    private final Map<String, Map<String, Endpoint>> endpoints = new ConcurrentHashMap<>();

    NetworkState(NetworkRepository repository) {
        this.repository = repository;
        repository.loadNetworks().forEach(n -> networks.put(n.id(), n));
        repository.loadEndpoints().forEach(e -> endpoints.computeIfAbsent(e.containerId(), k -> new ConcurrentHashMap<>())
                .put(e.networkId(), e));
    }

    synchronized List<Network> networks() {
        return List.copyOf(networks.values());
    }

    synchronized Optional<Network> byId(String id) {
        return Optional.ofNullable(networks.get(id));
    }

    synchronized Optional<Network> byName(String name) {
        return networks.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** Docker's lookup: full ID, exact name, then a unique ID prefix. */
    synchronized Network get(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw new NotFoundException("network " + ref + " not found");
        }
        Network n = networks.get(ref);
        if (n != null) {
            return n;
        }
        Optional<Network> named = byName(ref);
        if (named.isPresent()) {
            return named.get();
        }
        List<Network> prefixed = networks.values().stream().filter(x -> x.id().startsWith(ref)).toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw new InvalidArgumentException("network " + ref + " is ambiguous (" + prefixed.size() + " matches found based on ID prefix)");
        }
        throw new NotFoundException("network " + ref + " not found");
    }

    synchronized void put(Network n) {
        repository.saveNetwork(n);
        networks.put(n.id(), n);
    }

    synchronized void remove(Network n) {
        repository.deleteNetwork(n.id());
        networks.remove(n.id());
    }

    /** Removes the network unless a running container is attached (checked under the lease lock). */
    synchronized void removeUnused(Network n) {
        if (!networks.containsKey(n.id())) {
            throw new NotFoundException("network " + n.name() + " not found");
        }
        if (!liveOn(n.id()).isEmpty()) {
            throw new ForbiddenException("error while removing network: network " + n.name() + " id " + n.id()
                    + " has active endpoints");
        }
        remove(n);
    }

    /** The container's attachments, in the order they were made (eth0 first). */
    List<Endpoint> endpoints(String containerId) {
        Map<String, Endpoint> m = endpoints.get(containerId);
        if (m == null) {
            return List.of();
        }
        List<Endpoint> out = new ArrayList<>(m.values());
        out.sort(Comparator.comparingInt(Endpoint::order));
        return out;
    }

    Set<String> containerIds() {
        return Set.copyOf(endpoints.keySet());
    }

    /** The live endpoints of a network (its containers, as inspect shows them). */
    List<Endpoint> liveOn(String networkId) {
        List<Endpoint> out = new ArrayList<>();
        for (Map<String, Endpoint> m : endpoints.values()) {
            Endpoint e = m.get(networkId);
            if (e != null && e.live()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Whether any container, running or not, is configured to use the network. */
    boolean referenced(String networkId) {
        return endpoints.values().stream().anyMatch(m -> m.containsKey(networkId));
    }

    synchronized void save(Endpoint e) {
        repository.saveEndpoint(e);
        endpoints.computeIfAbsent(e.containerId(), k -> new ConcurrentHashMap<>()).put(e.networkId(), e);
    }

    synchronized void delete(Endpoint e) {
        repository.deleteEndpoint(e.containerId(), e.networkId());
        Map<String, Endpoint> m = endpoints.get(e.containerId());
        if (m != null) {
            m.remove(e.networkId());
            if (m.isEmpty()) {
                endpoints.remove(e.containerId());
            }
        }
    }

    /**
     * Takes an address on the network for the endpoint (the static one it asks for, or the
     * lowest free one) and saves the endpoint live with it, in one step.
     */
    synchronized Endpoint lease(Network n, Endpoint e, String endpointId, String hostInterface, String interfaceName) {
        if (!networks.containsKey(n.id())) {
            throw new NotFoundException("network " + n.name() + " not found");
        }
        Set<Integer> leased = new HashSet<>();
        for (Endpoint x : liveOn(n.id())) {
            if (!x.containerId().equals(e.containerId())) {
                leased.add(Ipv4.parse(x.ipv4()));
            }
        }
        int ip = e.ipamIpv4() != null ? Ipam.requested(n, e.ipamIpv4(), leased) : Ipam.next(n, leased);
        Endpoint live = e.onNetwork(n).up(endpointId, Ipv4.format(ip), Ipv4.formatMac(Ipv4.mac(ip)), hostInterface,
                interfaceName);
        if (!live.networkId().equals(e.networkId())) {
            delete(e);   // the network was re-created under the same name: the attachment follows it
        }
        save(live);
        return live;
    }
}
