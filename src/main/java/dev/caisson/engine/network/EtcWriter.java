package dev.caisson.engine.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.NetworkingConfig;

/**
 * Writes a container's hosts and resolv.conf (see {@link EtcFiles}) into its directory, in
 * place: the shim bind-mounts these files, so a running container sees a rewrite (network
 * connect/disconnect) only if the inode stays the same.
 */
final class EtcWriter {
    private static final Path HOST_RESOLV = Path.of("/etc/resolv.conf");
    private static final Path SYSTEMD_RESOLV = Path.of("/run/systemd/resolve/resolv.conf");
    private final NetworkState state;

    EtcWriter(NetworkState state) {
        this.state = state;
    }

    /**
     * @param noNetwork true for --network none (no address lines); false with no live endpoint
     *                  and host networking means the host's own files
     */
    void write(Container c, Path dir, List<Endpoint> live, boolean noNetwork, boolean embeddedDns) throws IOException {
        NetworkingConfig net = c.spec().networking();
        List<String> extra = net.extraHosts().stream().map(this::hostGateway).toList();
        boolean host = c.spec().networkMode().equals("host");
        String hosts = host ? EtcFiles.hostNetworkHosts(read(Path.of("/etc/hosts")), extra)
                : EtcFiles.hosts(extra, live.stream().map(Endpoint::ipv4).toList(), c.config().hostname(), c.config().domainname());
        Files.writeString(dir.resolve("hosts"), hosts, StandardCharsets.UTF_8);
        String hostResolv = hostResolvConf();
        boolean userDefined = live.stream().anyMatch(e -> state.byId(e.networkId()).map(Network::userDefined).orElse(false));
        String resolv = host && net.dns().isEmpty() && net.dnsSearch().isEmpty() && net.dnsOptions().isEmpty() ? hostResolv
                : EtcFiles.resolvConf(hostResolv, embeddedDns && userDefined && !noNetwork, net.dns(), net.dnsSearch(),
                net.dnsOptions());
        Files.writeString(dir.resolve("resolv.conf"), resolv, StandardCharsets.UTF_8);
    }

    /** --add-host name:host-gateway means the default bridge's gateway, as in Docker. */
    private String hostGateway(String entry) {
        if (!entry.endsWith(":host-gateway")) {
            return entry;
        }
        String gw = state.byName(Network.DEFAULT_BRIDGE).filter(Network::predefined).map(Network::gateway).orElse("127.0.0.1");
        return entry.substring(0, entry.length() - "host-gateway".length()) + gw;
    }

    /** The host's resolvers; behind systemd-resolved's stub (127.0.0.53) the real ones it forwards to. */
    static String hostResolvConf() {
        String text = read(HOST_RESOLV);
        if (text.lines().anyMatch(l -> l.trim().startsWith("nameserver 127.0.0.53")) && Files.isRegularFile(SYSTEMD_RESOLV)) {
            return read(SYSTEMD_RESOLV);
        }
        return text;
    }

    private static String read(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
