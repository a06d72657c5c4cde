package dev.caisson.engine.network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.Networking;

/**
 * Networks as Docker has them: the predefined `bridge`, `host` and `none`, and user-defined
 * bridge networks (create, inspect, remove, prune, connect, disconnect). The runtime drives
 * each container's sandbox through {@link #networking()}; DNS and port publishing plug in
 * through {@link #addHooks} and read names with {@link #resolve}.
 */
public final class NetworkService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NetworkService.class.getName());

    private final NetworkState state;
    private final BridgeDriver driver;
    private final Firewall firewall;
    private final Sandboxes sandboxes;
    private final NetworkFactory factory;
    private final List<Consumer<NetworkEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<NetworkHooks> hooks = new CopyOnWriteArrayList<>();

    private NetworkService(NetworkOptions options, NetworkRepository repository) {
        this.state = new NetworkState(repository);
        this.driver = new BridgeDriver();
        this.firewall = Iptables.detect();
        this.factory = new NetworkFactory(state, driver, firewall, options);
        this.sandboxes = new Sandboxes(state, driver, options, this::emit, hooks);
    }

    /**
     * Loads the networks and makes sure their kernel side exists (bridges with their gateway,
     * the firewall rules, ip_forward): after a platform restart nothing changes, after a reboot
     * everything comes back. Creates the predefined networks on first use.
     */
    public static NetworkService open(NetworkOptions options, NetworkRepository repository) {
        NetworkService s = new NetworkService(options, repository);
        s.factory.restore();
        return s;
    }

    /** What the container runtime calls at create, start, exit and removal. */
    public Networking networking() {
        return sandboxes;
    }

    public void addListener(Consumer<NetworkEvent> l) {
        listeners.add(l);
    }

    /** What `docker port` shows: the container's published ports, from whichever hook publishes them. */
    public List<dev.caisson.engine.portmap.PublishedPort> publishedPorts(String containerId) {
        List<dev.caisson.engine.portmap.PublishedPort> out = new java.util.ArrayList<>();
        hooks.forEach(h -> out.addAll(h.publishedPorts(containerId)));
        return out;
    }

    /**
     * Registers a feature that follows containers' endpoints (the embedded DNS server, published
     * ports). It hears at once of the containers running now, as if they had just started: what
     * a platform restart lost in memory comes back.
     */
    public void addHooks(NetworkHooks h) {
        hooks.add(h);
        sandboxes.replay(h);
    }

    public List<Network> list() {
        return state.networks();
    }

    /** By full ID, name, or unique ID prefix; Docker's "network X not found" otherwise. */
    public Network get(String ref) {
        return state.get(ref);
    }

    public Optional<Network> byId(String id) {
        return state.byId(id);
    }

    public Network create(NetworkCreate request) {
        Network n = factory.create(request);
        emit(new NetworkEvent("create", n.id(), n.name(), n.driver(), null));
        return n;
    }

    /** Refused for predefined networks and while a running container is attached (Docker's 403s). */
    public void remove(String ref) {
        Network n = state.get(ref);
        factory.remove(n);
        emit(new NetworkEvent("destroy", n.id(), n.name(), n.driver(), null));
    }

    /** Removes the user-defined networks that match and no running container uses; returns them. */
    public List<Network> prune(Predicate<Network> filter) {
        List<Network> removed = new ArrayList<>();
        for (Network n : state.networks()) {
            if (n.predefined() || !filter.test(n) || !state.liveOn(n.id()).isEmpty()) {
                continue;
            }
            try {
                remove(n.id());
                removed.add(n);
            } catch (ForbiddenException | NotFoundException e) {
                // in use or removed meanwhile
            }
        }
        return removed;
    }

    /** `docker network connect`: recorded, and plumbed at once into a running container. */
    public void connect(String network, String container, List<String> aliases, String ipv4) {
        Network n = state.get(network);
        Container c = sandboxes.containers().get(container);
        sandboxes.connect(c, n, aliases == null ? List.of() : aliases, ipv4 == null || ipv4.isEmpty() ? null : ipv4);
    }

    /** `docker network disconnect`; force also clears the endpoints of a container that no longer exists. */
    public void disconnect(String network, String container, boolean force) {
        Network n = state.get(network);
        Container c;
        try {
            c = sandboxes.containers().get(container);
        } catch (NotFoundException e) {
            if (!force) {
                throw e;
            }
            for (Endpoint x : state.liveOn(n.id())) {
                if (x.containerId().startsWith(container)) {
                    sandboxes.forget(x.containerId());
                }
            }
            return;
        }
        if (n.driver().equals("host") || c.spec().networkMode().equals("host")) {
            throw new InvalidArgumentException("container cannot be disconnected from host network or connected to host network");
        }
        sandboxes.disconnect(c, n);
    }

    /** A container's attachments in order (eth0 first); live ones carry address, MAC and endpoint ID. */
    public List<Endpoint> endpoints(String containerId) {
        return state.endpoints(containerId);
    }

    /**
     * Traffic of a running container per interface inside it ("eth0"), in the order of its
     * attachments; empty without a network of its own (none, host, container:).
     */
    public java.util.Map<String, InterfaceCounters> counters(String containerId) {
        java.util.Map<String, InterfaceCounters> out = new java.util.LinkedHashMap<>();
        endpoints(containerId).stream().filter(e -> e.live() && e.hostInterface() != null)
                .sorted(java.util.Comparator.comparingInt(Endpoint::order))
                .forEach(e -> {
                    InterfaceCounters c = InterfaceCounters.ofHostEnd(e.hostInterface());
                    if (c != null) {
                        out.put(e.interfaceName(), c);
                    }
                });
        return out;
    }

    /** The running containers' endpoints on a network. */
    public List<Endpoint> containers(String networkId) {
        return state.liveOn(networkId);
    }

    /** The pinned namespace of a running container ("" when it has none: host, none, container:X, stopped). */
    public String sandboxKey(String containerId) {
        Path p = sandboxes.netnsFile(containerId);
        return Files.exists(p) ? p.toString() : "";
    }

    /**
     * Docker's embedded DNS names: what `name` means to a container, over its user-defined
     * networks: another (or the same) running container's name, network alias or 12-digit
     * short ID, as IPv4 addresses on the networks they share. Empty when nothing matches.
     */
    public List<String> resolve(String containerId, String name) {
        return new NameLookup(state, sandboxes.containers()).resolve(containerId, name);
    }

    /** The resolvers the embedded DNS forwards other names to: the container's --dns, else the host's. */
    public List<String> upstreamDns(String containerId) {
        Container c = sandboxes.containers().get(containerId);
        if (!c.spec().networking().dns().isEmpty()) {
            return c.spec().networking().dns();
        }
        return EtcWriter.hostResolvConf().lines().map(String::trim).filter(l -> l.startsWith("nameserver "))
                .map(l -> l.substring("nameserver ".length()).trim()).toList();
    }

    /**
     * Removes a bridge and its firewall rules that no engine's network uses any more (say, one
     * left by a platform whose data dir was deleted); with the last one go Caisson's chains.
     */
    public static void purgeBridge(String bridge) {
        HostLock.with(() -> {
            try (BridgeDriver d = new BridgeDriver()) {
                d.deleteLink(bridge);
            }
            Iptables.detect().remove(List.of(), bridge);
            return null;
        });
    }

    private void emit(NetworkEvent e) {
        for (Consumer<NetworkEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "network event listener failed", ex);
            }
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
