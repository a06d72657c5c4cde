package dev.caisson.engine.portmap;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.nftables.NftBatch;
import dev.caisson.engine.nftables.Nftables;
import dev.caisson.engine.nftables.SetElement;
import dev.caisson.engine.portmap.PortMapRules.Mapping;
import dev.caisson.engine.portmap.PortReservations.Reservation;

/**
 * Published ports ({@code -p}) as DNAT rules in Caisson's own nf_tables table, with no
 * userland proxy. Why: the rules live in the kernel, so published ports keep working while
 * the platform restarts or after it crashed (a proxy would die with the JVM and every
 * published port would go dark until it was back); no thread, buffer or copy per connection;
 * other machines' connections reach the container with their own source address; and
 * publishing is one netlink message (~0.05 ms), so a start with a published port costs
 * nearly nothing more (spawning {@code nft} or {@code iptables} costs 2-3 ms per call here).
 * What a proxy would add and this does not do: IPv6 host addresses (Caisson's networks are
 * IPv4 only). Docker itself runs the same DNAT rules, plus a proxy by default.
 *
 * <p>The host port is held by a bound socket while it is published ({@link PortReservations}),
 * so nothing else can take it and ephemeral ports never collide. After a platform restart
 * {@link #open} reads the table back: the running containers' ports are known again and
 * bound again; {@link #reconcile} then drops what belongs to containers that are gone.
 * {@link #close} releases the sockets but leaves the rules, on purpose.
 */
public final class PortPublisher implements AutoCloseable {
    public static final String DEFAULT_TABLE = "caisson_portmap";
    private static final System.Logger LOG = System.getLogger(PortPublisher.class.getName());
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final String table;
    private final Nftables nft;
    private final PortReservations reservations = new PortReservations();
    private final Map<String, List<Mapping>> byContainer = new LinkedHashMap<>();
    private final Map<Mapping, Reservation> held = new HashMap<>();

    private PortPublisher(String table, Nftables nft) {
        this.table = table;
        this.nft = nft;
    }

    /** Opens Caisson's table ({@link #DEFAULT_TABLE}) in the host's network namespace. */
    public static PortPublisher open() {
        return open(DEFAULT_TABLE);
    }

    /** Creates the table or takes over the one a previous run left, with its published ports. */
    public static PortPublisher open(String table) {
        Nftables nft = null;
        try {
            nft = Nftables.open();
            nft.apply(PortMapRules.setup(table));
            PortPublisher p = new PortPublisher(table, nft);
            p.restore();
            return p;
        } catch (LinuxException e) {
            if (nft != null) {
                nft.close();
            }
            throw new SystemException("cannot set up the nf_tables table " + table + " for published ports: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Publishes container ports on the host and returns where they landed (ephemeral ports
     * resolved). All or nothing: on any failure nothing stays published.
     */
    public synchronized List<PublishedPort> publish(String containerId, Inet4Address containerIp, String bridge,
            List<PortBinding> bindings) {
        if (!OWNER.matcher(containerId).matches()) {
            throw new InvalidArgumentException("invalid container id: " + containerId);
        }
        if (!IFNAME.matcher(bridge).matches() || !Files.isDirectory(Path.of("/sys/class/net", bridge))) {
            throw new InvalidArgumentException("no such bridge: " + bridge);
        }
        if (byContainer.containsKey(containerId)) {
            throw new ConflictException("ports of container " + containerId + " are already published");
        }
        if (bindings.isEmpty()) {
            return List.of();
        }
        List<Mapping> mappings = new ArrayList<>();
        List<Reservation> reserved = new ArrayList<>();
        try {
            for (PortBinding b : bindings) {
                Reservation r = reservations.reserve(b);
                reserved.add(r);
                PublishedPort port = new PublishedPort(b.shownHostIp(), r.port(), b.containerPort(), b.protocol());
                mappings.add(new Mapping(containerId, bridge, port, containerIp));
            }
            enableRouteLocalnet(bridge);
            NftBatch batch = new NftBatch()
                    .addElements(table, PortMapRules.BRIDGES, List.of(PortMapRules.bridgeElement(bridge)), true);
            for (String set : List.of(PortMapRules.SPECIFIC, PortMapRules.WILDCARD)) {
                batch.addElements(table, set, mappings.stream().filter(m -> m.set().equals(set)).map(Mapping::element)
                        .toList(), false);
            }
            nft.apply(batch);
        } catch (LinuxException e) {
            reserved.forEach(Reservation::release);
            throw new SystemException("publishing the ports of " + containerId + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            reserved.forEach(Reservation::release);
            throw e;
        }
        for (int i = 0; i < mappings.size(); i++) {
            held.put(mappings.get(i), reserved.get(i));
        }
        byContainer.put(containerId, mappings);
        return mappings.stream().map(Mapping::port).toList();
    }

    /** Removes every rule of the container and frees its host ports; nothing to do is fine. */
    public synchronized void unpublish(String containerId) {
        List<Mapping> mappings = byContainer.get(containerId);
        if (mappings == null) {
            return;
        }
        try {
            nft.apply(removal(mappings));
        } catch (LinuxException e) {
            if (e.errno() != Nftables.ENOENT) {
                throw new SystemException("unpublishing the ports of " + containerId + ": " + e.getMessage(), e);
            }
            removeWhatIsLeft(containerId); // someone removed part of it already (e.g. nft flush)
        }
        byContainer.remove(containerId);
        for (Mapping m : mappings) {
            Reservation r = held.remove(m);
            if (r != null) {
                r.release();
            }
        }
        forgetUdpFlows(mappings);
    }

    /** A UDP client that keeps sending would otherwise stay translated to the old address. */
    private void forgetUdpFlows(List<Mapping> mappings) {
        for (Mapping m : mappings) {
            if (m.port().protocol() == Protocol.UDP) {
                try {
                    nft.forgetUdpFlows(m.containerIp(), m.port().containerPort());
                } catch (LinuxException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot flush the UDP flows of " + m.port() + ": " + e.getMessage());
                }
            }
        }
    }

    /** Unpublishes every container not in live (after a crash); returns their ids. */
    public synchronized Set<String> reconcile(Set<String> live) {
        Set<String> gone = new TreeSet<>(byContainer.keySet());
        gone.removeAll(live);
        for (String id : gone) {
            unpublish(id);
        }
        return gone;
    }

    /** The container's published ports, empty when none. */
    public synchronized List<PublishedPort> published(String containerId) {
        return byContainer.getOrDefault(containerId, List.of()).stream().map(Mapping::port).toList();
    }

    /** Every container with published ports and its ports (after {@link #open}: what the kernel had). */
    public synchronized Map<String, List<PublishedPort>> all() {
        Map<String, List<PublishedPort>> out = new LinkedHashMap<>();
        byContainer.forEach((id, ms) -> out.put(id, ms.stream().map(Mapping::port).toList()));
        return out;
    }

    /** Frees the host port sockets; the rules stay in the kernel so that the ports keep working. */
    @Override
    public synchronized void close() {
        held.values().forEach(Reservation::release);
        held.clear();
        nft.close();
    }

    /** Deletes the whole table (uninstall, tests); a missing table is fine. */
    public static void removeTable(String table) {
        try (Nftables nft = Nftables.open()) {
            nft.apply(new NftBatch().deleteTable(table));
        } catch (LinuxException e) {
            if (e.errno() != Nftables.ENOENT) {
                throw new SystemException("cannot delete the nf_tables table " + table + ": " + e.getMessage(), e);
            }
        }
    }

    private NftBatch removal(List<Mapping> mappings) {
        NftBatch batch = new NftBatch();
        for (String set : List.of(PortMapRules.SPECIFIC, PortMapRules.WILDCARD)) {
            batch.deleteElements(table, set, mappings.stream().filter(m -> m.set().equals(set)).map(Mapping::keyOnly)
                    .toList());
        }
        String bridge = mappings.get(0).bridge();
        boolean stillUsed = byContainer.values().stream().flatMap(List::stream)
                .anyMatch(m -> m.bridge().equals(bridge) && !mappings.contains(m));
        if (!stillUsed) {
            batch.deleteElements(table, PortMapRules.BRIDGES, List.of(PortMapRules.bridgeElement(bridge)));
        }
        return batch;
    }

    /** Deletes, element by element, what the kernel still has of a container. */
    private void removeWhatIsLeft(String containerId) {
        try {
            for (String set : List.of(PortMapRules.SPECIFIC, PortMapRules.WILDCARD)) {
                List<SetElement> mine = nft.elements(table, set).stream()
                        .filter(e -> { Mapping m = Mapping.of(set, e); return m != null && m.containerId().equals(containerId); })
                        .map(e -> SetElement.of(e.key())).toList();
                nft.apply(new NftBatch().deleteElements(table, set, mine));
            }
            dropUnusedBridges(containerId);
        } catch (LinuxException e) {
            throw new SystemException("unpublishing the ports of " + containerId + ": " + e.getMessage(), e);
        }
    }

    /** Reads the published ports a previous run left and binds their host ports again. */
    private void restore() throws LinuxException {
        List<SetElement> foreign = new ArrayList<>();
        for (String set : List.of(PortMapRules.SPECIFIC, PortMapRules.WILDCARD)) {
            List<SetElement> strays = new ArrayList<>();
            for (SetElement e : nft.elements(table, set)) {
                Mapping m = Mapping.of(set, e);
                if (m == null) {
                    strays.add(SetElement.of(e.key()));
                    continue;
                }
                byContainer.computeIfAbsent(m.containerId(), k -> new ArrayList<>()).add(m);
                Reservation r = reservations.rebind(m.port().hostIp().equals("0.0.0.0") ? "" : m.port().hostIp(),
                        m.port().hostPort(), m.port().protocol());
                if (r != null) {
                    held.put(m, r);
                } else {
                    LOG.log(System.Logger.Level.WARNING, "published port " + m.port() + " of " + m.containerId()
                            + " is in use by another program now; its rule still forwards it");
                }
            }
            nft.apply(new NftBatch().deleteElements(table, set, strays));
            foreign.addAll(strays);
        }
        if (!foreign.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "removed " + foreign.size() + " unknown elements from " + table);
        }
        dropUnusedBridges(null);
    }

    private void dropUnusedBridges(String leaving) throws LinuxException {
        Set<String> used = new TreeSet<>();
        byContainer.forEach((id, ms) -> {
            if (!id.equals(leaving)) {
                ms.forEach(m -> used.add(m.bridge()));
            }
        });
        List<SetElement> unused = nft.elements(table, PortMapRules.BRIDGES).stream()
                .filter(e -> !used.contains(PortMapRules.bridgeName(e))).map(e -> SetElement.of(e.key())).toList();
        nft.apply(new NftBatch().deleteElements(table, PortMapRules.BRIDGES, unused));
    }

    /** 127.0.0.1 traffic DNATed to a container leaves through the bridge: the kernel must allow it there. */
    private static void enableRouteLocalnet(String bridge) {
        Path knob = Path.of("/proc/sys/net/ipv4/conf", bridge, "route_localnet");
        try {
            if (!Files.readString(knob).trim().equals("1")) {
                Files.writeString(knob, "1");
            }
        } catch (IOException e) {
            throw new SystemException("cannot enable route_localnet on " + bridge + ": " + e.getMessage(), e);
        }
    }
}
