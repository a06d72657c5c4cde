package dev.caisson.engine.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.dns.EmbeddedDns;
import dev.caisson.engine.dns.ServiceRecords;
import dev.caisson.engine.runtime.Container;

/**
 * Docker's embedded DNS for containers on user-defined networks, plugged into the network
 * layer: {@code networks.addHooks(new EmbeddedDnsHooks(EmbeddedDns.start(), networks))}. A
 * container is served while it has a live endpoint on a user-defined network (from its start,
 * or the connect that gives it one, until its stop or last such disconnect); its names come
 * from those endpoints (name, aliases, short ID, "name.network"); unknown names go to its
 * --dns servers, else the server's default upstreams. Registered hooks replay running
 * containers, so after a platform restart they are served again.
 */
public final class EmbeddedDnsHooks implements NetworkHooks {
    private final EmbeddedDns dns;
    private final NetworkService networks;
    private final ServiceRecords records = new ServiceRecords();

    public EmbeddedDnsHooks(EmbeddedDns dns, NetworkService networks) {
        this.dns = dns;
        this.networks = networks;
    }

    @Override
    public boolean servesDns() {
        return true;
    }

    @Override
    public void endpointsUp(Sandbox sandbox, List<Attachment> endpoints) {
        Container c = sandbox.container();
        List<ServiceRecords.Endpoint> mine = userDefined(c.id(), Set.of());
        if (mine.isEmpty()) {
            return;
        }
        records.put(c.id(), c.name(), mine);
        if (!dns.attached().contains(c.id())) {
            List<String> servers = c.spec().networking().dns();
            if (servers.isEmpty()) {
                dns.attach(c.id(), sandbox.netns(), records);
            } else {
                dns.attach(c.id(), sandbox.netns(), records, servers.stream().map(s -> new InetSocketAddress(s, 53)).toList());
            }
        }
    }

    @Override
    public void endpointsDown(Sandbox sandbox, List<Attachment> endpoints) {
        String id = sandbox.container().id();
        List<ServiceRecords.Endpoint> left = userDefined(id, Set.copyOf(endpoints.stream().map(Attachment::networkId).toList()));
        if (left.isEmpty()) {
            dns.detach(id);
            records.remove(id);
        } else {
            records.put(id, sandbox.container().name(), left);
        }
    }

    /** The container's live endpoints on user-defined networks, those of the networks going away left out. */
    private List<ServiceRecords.Endpoint> userDefined(String containerId, Set<String> going) {
        return networks.endpoints(containerId).stream()
                .filter(e -> e.live() && !going.contains(e.networkId()))
                .map(e -> networks.byId(e.networkId()).filter(Network::userDefined)
                        .map(n -> new ServiceRecords.Endpoint(n.name(), address(e.ipv4()), e.aliases(), n.internal())).orElse(null))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    private static Inet4Address address(String ip) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Ipv4.bytes(Ipv4.parse(ip)));
        } catch (UnknownHostException e) {
            throw new SystemException("address " + ip + ": " + e.getMessage(), e);
        }
    }
}
