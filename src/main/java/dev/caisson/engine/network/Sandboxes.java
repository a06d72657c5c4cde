package dev.caisson.engine.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.Networking;

/**
 * Each container's network sandbox through its life (the runtime's {@link Networking}): made
 * at start (a pinned namespace, one veth per attached network, addresses leased, /etc/hosts and
 * resolv.conf written), changed by connect/disconnect while it runs, undone when its process is
 * gone. The attachments themselves (which networks, aliases, a static address) outlive runs;
 * a stopped container holds no lease and no kernel object. One container at a time: its steps
 * are serialized by a per-container lock.
 */
final class Sandboxes implements Networking {
    private static final System.Logger LOG = System.getLogger(Sandboxes.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NetworkState state;
    private final BridgeDriver driver;
    private final NetworkOptions options;
    private final Consumer<NetworkEvent> events;
    private final List<NetworkHooks> hooks;
    private final CreateChecks checks;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile Containers containers;

    Sandboxes(NetworkState state, BridgeDriver driver, NetworkOptions options, Consumer<NetworkEvent> events,
              List<NetworkHooks> hooks) {
        this.state = state;
        this.driver = driver;
        this.options = options;
        this.events = events;
        this.hooks = hooks;
        this.checks = new CreateChecks(state, () -> containers);
    }

    Containers containers() {
        return containers;
    }

    Path netnsFile(String containerId) {
        return options.netnsDir().resolve(containerId);
    }

    @Override
    public void bind(Containers containers) {
        this.containers = containers;
        new Restore(this, state, options).run();
    }

    @Override
    public ContainerSpec prepare(ContainerSpec spec) {
        return checks.prepare(spec);
    }

    @Override
    public void created(Container c) {
        int order = 0;
        for (Endpoint e : checks.attachments(c)) {
            state.save(new Endpoint(e.containerId(), e.networkId(), e.networkName(), e.aliases(), e.ipamIpv4(), order++,
                    null, null, null, null, null));
        }
    }

    @Override
    public Sandbox attach(Container c) {
        String mode = c.spec().networkMode();
        if (mode.startsWith("container:")) {
            return joined(mode.substring("container:".length()));
        }
        Network primary = checks.modeNetwork(mode);
        if (primary == null || !primary.bridged()) {
            writeEtc(c, List.of(), !mode.equals("host") && (primary == null || !primary.driver().equals("host")));
            return Sandbox.OWN;
        }
        synchronized (lock(c.id())) {
            List<Endpoint> attached = state.endpoints(c.id());
            List<Endpoint> live = new ArrayList<>();
            List<BridgeDriver.Port> ports = new ArrayList<>();
            Path file = netnsFile(c.id());
            try {
                if (Files.exists(file)) {
                    driver.removeSandbox(file, List.of());   // left by a crash before anything was recorded
                }
                for (Endpoint e : attached) {
                    Network n = state.byId(e.networkId()).or(() -> state.byName(e.networkName()))
                            .orElseThrow(() -> new NotFoundException("network " + e.networkName() + " not found"));
                    Endpoint l = state.lease(n, e, newId(), vethName(), "eth" + live.size());
                    live.add(l);
                    ports.add(port(n, l, ports.stream().noneMatch(p -> p.gateway() != null)));
                }
                driver.createSandbox(file, ports);
            } catch (RuntimeException e) {
                live.forEach(l -> release(l));
                throw e;
            }
            writeEtc(c, live, false);
            live.forEach(l -> event("connect", l));
            try {
                notifyHooks(c, live, true, true);
            } catch (EngineException refused) {   // e.g. a published port already taken: the start fails
                detach(c);
                throw refused;
            }
            return new Sandbox(file.toString(), null);
        }
    }

    /** --network container:X: X's namespace (its init's, or the host's when X uses the host's) and X's /etc files. */
    private Sandbox joined(String ref) {
        Container x = containers.get(ref);
        if (!x.state().running()) {
            throw new ConflictException("cannot join network of a non running container: " + x.id());
        }
        Path etc = containers.directory(x.id());
        if (x.spec().networkMode().equals("host")) {
            return new Sandbox(null, etc);
        }
        Path pinned = netnsFile(x.id());
        return new Sandbox(Files.exists(pinned) ? pinned.toString() : "/proc/" + x.state().pid() + "/ns/net", etc);
    }

    @Override
    public void detach(Container c) {
        synchronized (lock(c.id())) {
            List<Endpoint> live = state.endpoints(c.id()).stream().filter(Endpoint::live).toList();
            Path file = netnsFile(c.id());
            if (live.isEmpty() && !Files.exists(file)) {
                return;
            }
            down(c, live);
            driver.removeSandbox(file, live.stream().map(Endpoint::hostInterface).toList());
            for (Endpoint l : live) {
                release(l);
                event("disconnect", l);
            }
        }
    }

    @Override
    public void removed(Container c) {
        detach(c);
        synchronized (lock(c.id())) {
            state.endpoints(c.id()).forEach(state::delete);
        }
        locks.remove(c.id());
    }

    /** Adds an attachment; plumbs it at once into a running container's namespace. */
    void connect(Container c, Network n, List<String> aliases, String ipv4) {
        synchronized (lock(c.id())) {
            List<Endpoint> attached = state.endpoints(c.id());
            checks.connectable(c, n, aliases, ipv4, attached);
            int order = attached.stream().mapToInt(Endpoint::order).max().orElse(-1) + 1;
            Endpoint e = Endpoint.configured(c.id(), n, aliases, ipv4, order);
            state.save(e);
            Path file = netnsFile(c.id());
            if (!Files.exists(file)) {
                return;   // not running: it joins at its next start
            }
            Endpoint l = null;
            try {
                List<Endpoint> live = attached.stream().filter(Endpoint::live).toList();
                l = state.lease(n, e, newId(), vethName(), freeInterface(live));
                BridgeDriver.Port p = port(n, l, live.stream().allMatch(x -> state.byId(x.networkId()).map(Network::internal).orElse(true)));
                driver.addPort(file, p, p.gateway() != null);
            } catch (RuntimeException ex) {
                if (l != null) {
                    release(l);
                }
                state.delete(e);
                throw ex;
            }
            writeEtc(c, state.endpoints(c.id()).stream().filter(Endpoint::live).toList(), false);
            event("connect", l);
            up(c, List.of(l));
        }
    }

    /** Removes an attachment, and its veth when the container runs. */
    void disconnect(Container c, Network n) {
        synchronized (lock(c.id())) {
            Endpoint e = state.endpoints(c.id()).stream().filter(x -> x.networkId().equals(n.id())).findFirst()
                    .orElseThrow(() -> new SystemException("container " + c.id() + " is not connected to network " + n.name()));
            if (e.live()) {
                down(c, List.of(e));
                driver.deleteQuietly(e.hostInterface());
                event("disconnect", e);
            }
            state.delete(e);
            if (e.live()) {
                writeEtc(c, state.endpoints(c.id()).stream().filter(Endpoint::live).toList(), false);
            }
        }
    }

    /** Cleans up after a container that no longer exists (restore, disconnect --force). */
    void forget(String containerId) {
        synchronized (lock(containerId)) {
            List<Endpoint> all = state.endpoints(containerId);
            List<Endpoint> live = all.stream().filter(Endpoint::live).toList();
            driver.removeSandbox(netnsFile(containerId), live.stream().map(Endpoint::hostInterface).toList());
            all.forEach(state::delete);
        }
        locks.remove(containerId);
    }

    private void release(Endpoint l) {
        try {
            state.save(l.down());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "release " + l.ipv4() + " of " + l.containerId() + ": " + e.getMessage());
        }
    }

    private BridgeDriver.Port port(Network n, Endpoint l, boolean mayRoute) {
        Ipv4.Subnet s = n.parsedSubnet();
        Integer gw = !n.internal() && mayRoute ? Ipv4.parse(n.gateway()) : null;
        return new BridgeDriver.Port(l.hostInterface(), n.bridge(), n.mtu(), l.interfaceName(), Ipv4.parse(l.ipv4()),
                s.prefix(), s.broadcast(), gw);
    }

    private static String freeInterface(List<Endpoint> live) {
        for (int i = 0; ; i++) {
            String name = "eth" + i;
            if (live.stream().noneMatch(e -> name.equals(e.interfaceName()))) {
                return name;
            }
        }
    }

    private void writeEtc(Container c, List<Endpoint> live, boolean noNetwork) {
        try {
            new EtcWriter(state).write(c, containers.directory(c.id()), live, noNetwork,
                    hooks.stream().anyMatch(NetworkHooks::servesDns));
        } catch (IOException e) {
            throw new SystemException("write /etc files of " + c.id() + ": " + e.getMessage(), e);
        }
    }

    private void event(String action, Endpoint e) {
        Network n = state.byId(e.networkId()).orElse(null);
        events.accept(new NetworkEvent(action, e.networkId(), e.networkName(), n == null ? "bridge" : n.driver(), e.containerId()));
    }

    private void up(Container c, List<Endpoint> live) {
        notifyHooks(c, live, true, false);
    }

    private void down(Container c, List<Endpoint> live) {
        notifyHooks(c, live, false, false);
    }

    /** strict: a hook's EngineException is passed on (at a start: it refuses the start) instead of logged. */
    private void notifyHooks(Container c, List<Endpoint> live, boolean up, boolean strict) {
        if (hooks.isEmpty() || live.isEmpty()) {
            return;
        }
        NetworkHooks.Sandbox s = new NetworkHooks.Sandbox(c, netnsFile(c.id()));
        List<NetworkHooks.Attachment> list = live.stream().map(this::attachment).toList();
        for (NetworkHooks h : hooks) {
            try {
                if (up) {
                    h.endpointsUp(s, list);
                } else {
                    h.endpointsDown(s, list);
                }
            } catch (EngineException e) {
                if (strict) {
                    throw e;   // a hook that refuses the endpoints (a port in use) refuses the start, as Docker does
                }
                LOG.log(System.Logger.Level.WARNING, "network hook " + h.getClass().getName() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "network hook " + h.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    /** Tells a newly registered hook of every running container's live endpoints. */
    void replay(NetworkHooks h) {
        if (containers == null) {
            return;   // not bound to a runtime yet: nothing runs
        }
        for (String id : state.containerIds()) {
            synchronized (lock(id)) {
                List<Endpoint> live = state.endpoints(id).stream().filter(Endpoint::live).toList();
                Container c;
                try {
                    c = containers.get(id);
                } catch (NotFoundException gone) {
                    continue;
                }
                if (live.isEmpty() || !c.state().running() || !Files.exists(netnsFile(id))) {
                    continue;
                }
                try {
                    h.endpointsUp(new NetworkHooks.Sandbox(c, netnsFile(id)), live.stream().map(this::attachment).toList());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "network hook " + h.getClass().getName() + ": " + e.getMessage());
                }
            }
        }
    }

    NetworkHooks.Attachment attachment(Endpoint e) {
        Network n = state.byId(e.networkId()).orElseThrow();
        return new NetworkHooks.Attachment(n.id(), n.name(), n.userDefined(), n.internal(), n.bridge(), n.gateway(),
                e.ipv4(), n.prefixLength(), e.aliases());
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Docker's host-side names: "veth" and 7 hex digits. */
    private static String vethName() {
        return "veth" + newId().substring(0, 7);
    }
}
