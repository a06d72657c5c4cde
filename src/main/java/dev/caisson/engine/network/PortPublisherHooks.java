package dev.caisson.engine.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Function;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.portmap.PortBinding;
import dev.caisson.engine.portmap.PortPublisher;
import dev.caisson.engine.runtime.Container;

/**
 * Published ports plugged into the network layer:
 * {@code networks.addHooks(new PortPublisherHooks(PortPublisher.open(), networks, c -> bindingsOf(c)))}.
 * A container's ports are published at its start on its first endpoint that has a way out (the
 * one holding its default route, as in Docker) and unpublished when that endpoint goes (stop,
 * exit, rm, or its disconnect). Ports restored by {@link PortPublisher#open} after a platform
 * restart are kept (the replay of running containers finds them published).
 */
public final class PortPublisherHooks implements NetworkHooks {
    private final PortPublisher ports;
    private final NetworkService networks;
    private final Function<Container, List<PortBinding>> bindings;

    /** @param bindings what a container asks to publish (its HostConfig.PortBindings, -P's ports) */
    public PortPublisherHooks(PortPublisher ports, NetworkService networks, Function<Container, List<PortBinding>> bindings) {
        this.ports = ports;
        this.networks = networks;
        this.bindings = bindings;
    }

    @Override
    public void endpointsUp(Sandbox sandbox, List<Attachment> endpoints) {
        Container c = sandbox.container();
        if (!ports.published(c.id()).isEmpty()) {
            return;
        }
        List<PortBinding> wanted = bindings.apply(c);
        if (wanted.isEmpty()) {
            return;
        }
        endpoints.stream().filter(a -> !a.internal()).findFirst()
                .ifPresent(a -> ports.publish(c.id(), address(a.ipv4()), a.bridge(), wanted));
    }

    @Override
    public List<dev.caisson.engine.portmap.PublishedPort> publishedPorts(String containerId) {
        return ports.published(containerId);
    }

    @Override
    public void endpointsDown(Sandbox sandbox, List<Attachment> endpoints) {
        String id = sandbox.container().id();
        if (ports.published(id).isEmpty()) {
            return;
        }
        // the endpoint the ports point at: the first live one with a way out (still live while hooks run)
        String target = networks.endpoints(id).stream().filter(Endpoint::live)
                .filter(e -> networks.byId(e.networkId()).map(n -> !n.internal()).orElse(false))
                .map(Endpoint::networkId).findFirst().orElse(null);
        if (target == null || endpoints.stream().anyMatch(a -> a.networkId().equals(target))) {
            ports.unpublish(id);
        }
    }

    private static Inet4Address address(String ip) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Ipv4.bytes(Ipv4.parse(ip)));
        } catch (UnknownHostException e) {
            throw new SystemException("address " + ip + ": " + e.getMessage(), e);
        }
    }
}
