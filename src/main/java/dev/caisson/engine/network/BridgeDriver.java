package dev.caisson.engine.network;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.linux.NetNamespace;
import dev.caisson.engine.linux.Netlink;
import dev.caisson.engine.linux.Rtnl;

/**
 * The kernel side of bridge networks, all through rtnetlink (no `ip` process): bridges with
 * their gateway address, and per container a pinned network namespace holding one veth end
 * per network (eth0, eth1, ...), its address, lo and the default route. Every step that fails
 * undoes the steps before it, so a failed start leaves no interface or namespace behind.
 */
final class BridgeDriver implements AutoCloseable {
    private static final int EEXIST = 17;
    /** Caisson's networks are IPv4 only: like Docker, no IPv6 (not even link-local) in a container's namespace. */
    private static final java.util.Map<String, String> NO_IPV6 = java.util.Map.of(
            "net/ipv6/conf/all/disable_ipv6", "1", "net/ipv6/conf/default/disable_ipv6", "1");
    private final Netlink host;
    private final LinkReaper reaper = new LinkReaper();

    BridgeDriver() {
        try {
            host = Netlink.open();   // opened on the engine's thread: the host's namespace
        } catch (LinuxException e) {
            throw new SystemException("netlink: " + e.getMessage(), e);
        }
    }

    /** One interface to make: the host end's name, the bridge, and the container side. */
    record Port(String hostInterface, String bridge, int mtu, String interfaceName, int ip, int prefix, int broadcast,
                Integer gateway) {
    }

    /** The bridge exists, is up and holds the gateway address (made after a reboot, kept otherwise). */
    synchronized void ensureBridge(Network n) {
        try {
            if (Rtnl.linkIndex(host, n.bridge()) < 0) {
                Rtnl.createBridge(host, n.bridge(), n.mtu(), null);
            }
            int index = Rtnl.linkIndex(host, n.bridge());
            Rtnl.setUp(host, index);
            Ipv4.Subnet s = n.parsedSubnet();
            try {
                Rtnl.addAddress(host, index, Ipv4.bytes(Ipv4.parse(n.gateway())), s.prefix(), Ipv4.bytes(s.broadcast()));
            } catch (LinuxException e) {
                if (e.errno() != EEXIST) {
                    throw e;
                }
            }
        } catch (LinuxException e) {
            throw new SystemException("bridge " + n.bridge() + ": " + e.getMessage(), e);
        }
    }

    synchronized boolean bridgeExists(String name) {
        try {
            return Rtnl.linkIndex(host, name) >= 0;
        } catch (LinuxException e) {
            throw new SystemException("find bridge " + name + ": " + e.getMessage(), e);
        }
    }

    synchronized void deleteLink(String name) {
        try {
            Rtnl.deleteLink(host, name);
        } catch (LinuxException e) {
            throw new SystemException("delete " + name + ": " + e.getMessage(), e);
        }
    }

    /** The destinations of the host's routes (the default route left out): subnets already in use. */
    synchronized List<Ipv4.Subnet> routedSubnets() {
        List<Ipv4.Subnet> out = new ArrayList<>();
        try {
            for (Rtnl.Route r : Rtnl.routes(host)) {
                if (r.prefixLength() > 0) {
                    out.add(new Ipv4.Subnet(Ipv4.fromBytes(r.destination()), r.prefixLength()));
                }
            }
        } catch (LinuxException e) {
            throw new SystemException("list routes: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * A new namespace pinned at file with lo up and the given ports plumbed; the first port with
     * a gateway gives the default route. On failure nothing of it is left.
     */
    void createSandbox(Path file, List<Port> ports) {
        NetNamespace ns;
        try {
            ns = NetNamespace.create(file, NO_IPV6);
        } catch (IOException e) {
            throw new SystemException("create network namespace: " + e.getMessage(), e);
        }
        List<String> made = new ArrayList<>();
        try (ns; Netlink inside = ns.netlink()) {
            Rtnl.setUp(inside, 1);   // lo is always index 1 in a new namespace
            boolean routed = false;
            for (Port p : ports) {
                plumb(ns, inside, p, !routed && p.gateway() != null, made);
                routed |= p.gateway() != null;
            }
        } catch (IOException | RuntimeException e) {
            made.forEach(this::deleteQuietly);
            removeNamespaceQuietly(file);
            throw e instanceof SystemException se ? se : new SystemException("set up network: " + e.getMessage(), e);
        }
    }

    /** One more port in a running container's namespace (network connect). */
    void addPort(Path file, Port p, boolean defaultRoute) {
        List<String> made = new ArrayList<>();
        try (NetNamespace ns = NetNamespace.open(file); Netlink inside = ns.netlink()) {
            plumb(ns, inside, p, defaultRoute, made);
        } catch (IOException | RuntimeException e) {
            made.forEach(this::deleteQuietly);
            throw e instanceof SystemException se ? se : new SystemException("connect: " + e.getMessage(), e);
        }
    }

    private void plumb(NetNamespace ns, Netlink inside, Port p, boolean defaultRoute, List<String> made) throws LinuxException {
        synchronized (this) {
            int bridge = Rtnl.linkIndex(host, p.bridge());
            if (bridge < 0) {
                throw new SystemException("bridge " + p.bridge() + " does not exist");
            }
            Rtnl.createVeth(host, p.hostInterface(), bridge, p.mtu(), p.interfaceName(), Ipv4.mac(p.ip()), ns.fd());
        }
        made.add(p.hostInterface());
        int index = Rtnl.linkIndex(inside, p.interfaceName());
        Rtnl.addAddress(inside, index, Ipv4.bytes(p.ip()), p.prefix(), Ipv4.bytes(p.broadcast()));
        Rtnl.setUp(inside, index);
        if (defaultRoute) {
            Rtnl.addDefaultRoute(inside, Ipv4.bytes(p.gateway()), index);
        }
    }

    /** Deletes the host ends (each takes its peer) and unpins the namespace; missing pieces are fine. */
    /**
     * Takes a container's sandbox apart without waiting for the kernel: the host ends go down at
     * once (no traffic reaches the old addresses, which may be leased again now) and the pinned
     * namespace is removed; the kernel then unregisters each veth pair with the namespace, and the
     * reaper deletes whatever is left. Deleting a veth in line costs an RCU grace period (15-40 ms
     * here), which a `docker run --rm` or `docker stop` would otherwise wait for.
     */
    void removeSandbox(Path file, List<String> hostInterfaces) {
        for (String name : hostInterfaces) {
            setDownQuietly(name);
        }
        removeNamespaceQuietly(file);
        if (!hostInterfaces.isEmpty()) {
            reaper.submit(() -> hostInterfaces.forEach(reaper::delete));
        }
    }

    private synchronized void setDownQuietly(String name) {
        try {
            int index = Rtnl.linkIndex(host, name);
            if (index >= 0) {
                Rtnl.setDown(host, index);
            }
        } catch (LinuxException e) {
            System.getLogger(BridgeDriver.class.getName()).log(System.Logger.Level.WARNING, "set " + name + " down: " + e.getMessage());
        }
    }

    void deleteQuietly(String hostInterface) {
        try {
            deleteLink(hostInterface);
        } catch (RuntimeException e) {
            System.getLogger(BridgeDriver.class.getName()).log(System.Logger.Level.WARNING, e.getMessage());
        }
    }

    private static void removeNamespaceQuietly(Path file) {
        try {
            NetNamespace.remove(file);
        } catch (IOException e) {
            System.getLogger(BridgeDriver.class.getName()).log(System.Logger.Level.WARNING,
                    "remove network namespace " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        reaper.close();
        host.close();
    }
}
