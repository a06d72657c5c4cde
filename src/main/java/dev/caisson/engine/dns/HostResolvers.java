package dev.caisson.engine.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The name servers the embedded DNS forwards to: the host's, from /etc/resolv.conf. When that
 * file only names systemd-resolved's stub (127.0.0.53), the servers behind it are read from
 * /run/systemd/resolve/resolv.conf instead, as Docker does. With none at all, Docker's
 * defaults (Google's public resolvers) are used, again as Docker does.
 */
public final class HostResolvers {
    private static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Path SYSTEMD_RESOLV_CONF = Path.of("/run/systemd/resolve/resolv.conf");
    private static final String STUB = "127.0.0.53";
    private static final List<String> DOCKER_DEFAULTS = List.of("8.8.8.8", "8.8.4.4");
    /** Docker asks at most three servers per query */
    static final int MAX_SERVERS = 3;

    private HostResolvers() {
    }

    /** The host's IPv4 name servers on port 53, at most three. */
    public static List<InetSocketAddress> read() {
        return read(RESOLV_CONF, SYSTEMD_RESOLV_CONF);
    }

    static List<InetSocketAddress> read(Path resolvConf, Path systemdResolvConf) {
        List<String> servers = nameservers(readOrEmpty(resolvConf));
        if (servers.equals(List.of(STUB))) {
            List<String> behind = nameservers(readOrEmpty(systemdResolvConf));
            if (!behind.isEmpty()) {
                servers = behind;
            }
        }
        if (servers.isEmpty()) {
            servers = DOCKER_DEFAULTS;
        }
        return servers.stream().limit(MAX_SERVERS).map(s -> new InetSocketAddress(literal(s), 53)).toList();
    }

    /** The IPv4 "nameserver" entries of a resolv.conf, in order (IPv6 ones are skipped: no IPv6 here). */
    static List<String> nameservers(String resolvConf) {
        List<String> out = new ArrayList<>();
        for (String line : resolvConf.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver") && words[1].matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                out.add(words[1]);
            }
        }
        return out;
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip); // a dotted quad: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
