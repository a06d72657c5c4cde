package dev.caisson.engine.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.linux.NetnsExecutor;
import dev.caisson.engine.nftables.Nftables;

/**
 * Docker's embedded DNS server for containers on user-defined networks: their resolv.conf
 * says {@code nameserver 127.0.0.11} (with {@code options ndots:0} and the host's search
 * domains, as Docker writes it), and queries sent there inside the container are answered
 * from the network layer's names ({@link NameLookup}) or forwarded to the host's resolvers.
 *
 * <p>How: {@link #attach} enters the container's network namespace on a dedicated thread,
 * opens a UDP socket and a TCP listener on 127.0.0.11 (random ports) and adds the redirect of
 * port 53 to them ({@link DnsRedirect}), then leaves; sockets stay in the namespace they were
 * made in. One selector thread then serves every container ({@link DnsLoop}), so a hundred
 * containers cost two sockets each and no thread. The listeners live in the engine's process:
 * while the platform restarts, containers get no answers (queries fail at once, nothing hangs);
 * attach them again after the restart.
 */
public final class EmbeddedDns implements AutoCloseable {
    /** The address containers query, as in Docker. */
    public static final String NAMESERVER = "127.0.0.11";

    private final DnsLoop loop;
    private final NetnsExecutor netns;
    private final Forwarder forwarder;
    private final List<InetSocketAddress> upstreams;
    private final Map<String, Attached> attached = new ConcurrentHashMap<>();
    // closing a netfilter netlink socket can wait for an RCU grace period: never on the caller's path
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "caisson-dns-closer");
        t.setDaemon(true);
        return t;
    });

    private record Attached(Listener listener, Path netns) {
    }

    private EmbeddedDns(List<InetSocketAddress> upstreams, Duration timeout) throws IOException {
        this.upstreams = List.copyOf(upstreams);
        this.forwarder = new Forwarder(timeout);
        this.netns = new NetnsExecutor();
        this.loop = new DnsLoop();
    }

    /** A server forwarding to the host's resolvers ({@link HostResolvers#read}). */
    public static EmbeddedDns start() {
        return start(HostResolvers.read());
    }

    /** A server forwarding to these name servers unless attach names others. */
    public static EmbeddedDns start(List<InetSocketAddress> upstreams) {
        return start(upstreams, Forwarder.TIMEOUT);
    }

    static EmbeddedDns start(List<InetSocketAddress> upstreams, Duration timeout) {
        try {
            return new EmbeddedDns(upstreams, timeout);
        } catch (IOException e) {
            throw new SystemException("cannot start the embedded DNS server: " + e.getMessage(), e);
        }
    }

    /** Serves the container whose network namespace is bound at netnsPath, with the default upstreams. */
    public void attach(String containerId, Path netnsPath, NameLookup lookup) {
        attach(containerId, netnsPath, lookup, upstreams);
    }

    /**
     * Serves the container, forwarding unknown names to servers (its {@code --dns} ones; empty:
     * unknown names fail). Attaching again replaces the earlier listener (after a restart of the
     * platform the old ports are dead; the redirect is pointed at the new ones). The container's
     * lo must be up. Returns when queries are answered.
     */
    public void attach(String containerId, Path netnsPath, NameLookup lookup, List<InetSocketAddress> servers) {
        close(attached.remove(containerId));
        Listener listener;
        try {
            listener = netns.call(netnsPath, () -> open(containerId, lookup, List.copyOf(servers)));
            loop.call(() -> {
                listener.register();
                return null;
            });
        } catch (Exception e) {
            throw new SystemException("cannot start the embedded DNS server of " + containerId + ": " + e.getMessage(), e);
        }
        attached.put(containerId, new Attached(listener, netnsPath));
    }

    /** Stops serving the container and removes the redirect from its namespace if that still exists. */
    public void detach(String containerId) {
        Attached a = attached.remove(containerId);
        if (a == null) {
            return;
        }
        close(a);
        if (Files.exists(a.netns())) {
            try {
                netns.call(a.netns(), () -> {
                    Nftables nft = Nftables.open();
                    try {
                        nft.apply(DnsRedirect.remove());
                    } catch (LinuxException e) {
                        if (e.errno() != Nftables.ENOENT) {
                            throw e;
                        }
                    } finally {
                        closer.execute(nft::close);
                    }
                    return null;
                });
            } catch (Exception e) {
                // the namespace went away meanwhile: so did the redirect
            }
        }
    }

    /** The containers served now. */
    public Set<String> attached() {
        return new TreeSet<>(attached.keySet());
    }

    /** Stops serving everyone; the containers' redirects stay until they are attached again. */
    @Override
    public void close() {
        for (String id : attached()) {
            close(attached.remove(id));
        }
        loop.close();
        netns.close();
        closer.shutdown();
    }

    /** Runs inside the container's namespace. */
    private Listener open(String containerId, NameLookup lookup, List<InetSocketAddress> servers) throws Exception {
        InetAddress address = InetAddress.getByAddress(DnsRedirect.ADDRESS);
        DatagramChannel udp = null;
        ServerSocketChannel tcp = null;
        try {
            udp = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(address, 0));
            tcp = ServerSocketChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(address, 0), 64);
            Nftables nft = Nftables.open();
            try {
                nft.apply(DnsRedirect.rules(((InetSocketAddress) udp.getLocalAddress()).getPort(),
                        ((InetSocketAddress) tcp.getLocalAddress()).getPort()));
            } finally {
                closer.execute(nft::close);
            }
            return new Listener(containerId, lookup, servers, loop, forwarder, udp, tcp);
        } catch (Exception e) {
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                tcp.close();
            }
            throw e;
        }
    }

    private void close(Attached a) {
        if (a == null) {
            return;
        }
        try {
            loop.call(() -> {
                a.listener().close();
                return null;
            });
        } catch (IOException e) {
            // the loop is gone: its channels are closed with it
        }
    }
}
