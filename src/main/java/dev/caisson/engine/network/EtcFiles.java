package dev.caisson.engine.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The /etc/hosts and /etc/resolv.conf Docker writes for a container, as text (no I/O here).
 * hosts: the fixed localhost/IPv6 lines, the --add-host entries, then one line per address of
 * the container with its hostname. resolv.conf: for a container served by the embedded DNS
 * (user-defined networks) 127.0.0.11 with ndots:0; otherwise the host's file without loopback
 * or IPv6 nameservers (Google's when none is left); --dns, --dns-search and --dns-option
 * replace the matching lines.
 */
final class EtcFiles {
    static final String EMBEDDED_DNS = "127.0.0.11";
    private static final String DEFAULT_HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            + "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

    private EtcFiles() {
    }

    /** extraHosts: "name:ip" as --add-host gives them; addresses: the container's own. */
    static String hosts(List<String> extraHosts, List<String> addresses, String hostname, String domainname) {
        StringBuilder sb = new StringBuilder(DEFAULT_HOSTS);
        appendExtraHosts(sb, extraHosts);
        String names = domainname == null || domainname.isEmpty() ? hostname : hostname + "." + domainname + " " + hostname;
        for (String ip : addresses) {
            sb.append(ip).append('\t').append(names).append('\n');
        }
        return sb.toString();
    }

    /** host networking: the host's own file, with the --add-host entries after it. */
    static String hostNetworkHosts(String hostFile, List<String> extraHosts) {
        StringBuilder sb = new StringBuilder(hostFile);
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
            sb.append('\n');
        }
        appendExtraHosts(sb, extraHosts);
        return sb.toString();
    }

    private static void appendExtraHosts(StringBuilder sb, List<String> extraHosts) {
        for (String h : extraHosts) {
            int colon = h.indexOf(':');
            sb.append(h.substring(colon + 1)).append('\t').append(h, 0, colon).append('\n');
        }
    }

    /**
     * @param hostResolvConf the host's resolv.conf text
     * @param embedded       whether the container asks the embedded DNS server (user-defined networks)
     */
    static String resolvConf(String hostResolvConf, boolean embedded, List<String> dns, List<String> search,
                             List<String> options) {
        List<String> lines = hostResolvConf.lines().toList();
        if (!embedded && dns.isEmpty() && search.isEmpty() && options.isEmpty()) {
            return filtered(lines);
        }
        List<String> nameservers = new ArrayList<>();
        if (embedded) {
            nameservers.add(EMBEDDED_DNS);
        } else if (!dns.isEmpty()) {
            nameservers.addAll(dns);
        } else {
            nameservers.addAll(values(filtered(lines).lines().toList(), "nameserver"));
        }
        List<String> searches = search.isEmpty() ? values(lines, "search") : search;
        List<String> opts = new ArrayList<>(options.isEmpty() ? values(lines, "options") : options);
        if (embedded && opts.stream().noneMatch(o -> o.startsWith("ndots:"))) {
            opts.add("ndots:0");   // the embedded server answers short names itself
        }
        StringBuilder sb = new StringBuilder();
        if (!searches.isEmpty() && !searches.equals(List.of("."))) {
            sb.append("search ").append(String.join(" ", searches)).append('\n');
        }
        nameservers.forEach(n -> sb.append("nameserver ").append(n).append('\n'));
        if (!opts.isEmpty()) {
            sb.append("options ").append(String.join(" ", opts)).append('\n');
        }
        return sb.toString();
    }

    /** The host's lines without loopback and IPv6 nameservers; Google's public servers when none is left. */
    private static String filtered(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        for (String l : lines) {
            String[] w = l.trim().split("\\s+");
            if (w.length >= 2 && w[0].equals("nameserver")) {
                if (w[1].startsWith("127.") || w[1].contains(":")) {
                    continue;
                }
                any = true;
            }
            sb.append(l).append('\n');
        }
        if (!any) {
            sb.append("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
        }
        return sb.toString();
    }

    /** The words after a keyword ("search a b" → [a, b]); the last such line wins, as in the resolver. */
    private static List<String> values(List<String> lines, String keyword) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] w = l.trim().split("\\s+");
            if (w.length >= 2 && w[0].equals(keyword)) {
                if (!keyword.equals("nameserver")) {
                    out.clear();
                }
                out.addAll(List.of(w).subList(1, w.length));
            }
        }
        return out;
    }
}
