package dev.caisson.engine.portmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.caisson.engine.InvalidArgumentException;

/**
 * The two ways ports are asked for: the {@code -p} text ({@code [ip:][hostPort:]containerPort[/proto]},
 * either port a range) and the Engine API's HostConfig.PortBindings
 * ({@code {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}}), which the docker CLI sends after
 * parsing -p itself. Both follow Docker's rules: equal ranges pair up port by port, a host range
 * for a single container port is where a free port is looked for, an empty host port is
 * ephemeral.
 */
public final class PortSpecs {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private PortSpecs() {
    }

    /** One -p argument, e.g. "127.0.0.1:8080:80/tcp", "8000-8001:80-81", "53/udp". */
    public static List<PortBinding> parse(String spec) {
        String proto = "tcp";
        String rest = spec.trim();
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            proto = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        Protocol protocol = Protocol.parse(proto);
        String ip = "";
        String host = "";
        String container;
        if (rest.startsWith("[")) {
            throw new InvalidArgumentException("IPv6 host addresses cannot be published by Caisson: " + spec);
        }
        String[] parts = rest.split(":", -1);
        switch (parts.length) {
            case 1 -> container = parts[0];
            case 2 -> {
                host = parts[0];
                container = parts[1];
            }
            case 3 -> {
                ip = parts[0];
                host = parts[1];
                container = parts[2];
            }
            default -> throw new InvalidArgumentException("invalid port format: " + spec);
        }
        if (container.isEmpty()) {
            throw new InvalidArgumentException("no port specified: " + spec + "<empty>");
        }
        return expand(ip, host, container, protocol);
    }

    /** HostConfig.PortBindings: an absent or empty list publishes nothing (as in Docker). */
    public static List<PortBinding> fromPortBindings(Map<String, List<Map<String, String>>> bindings) {
        List<PortBinding> out = new ArrayList<>();
        if (bindings == null) {
            return out;
        }
        for (Map.Entry<String, List<Map<String, String>>> e : bindings.entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            String container = slash < 0 ? key : key.substring(0, slash);
            Protocol protocol = Protocol.parse(slash < 0 ? "tcp" : key.substring(slash + 1));
            if (e.getValue() == null) {
                continue;
            }
            for (Map<String, String> b : e.getValue()) {
                String ip = b == null ? "" : nullToEmpty(b.get("HostIp"));
                String host = b == null ? "" : nullToEmpty(b.get("HostPort"));
                out.addAll(expand(ip, host, container, protocol));
            }
        }
        return out;
    }

    private static List<PortBinding> expand(String ip, String host, String container, Protocol protocol) {
        String hostIp = hostIp(ip);
        int[] c = range(container, "containerPort");
        int[] h = host.isEmpty() || host.equals("0") ? new int[] {0, 0} : range(host, "hostPort");
        int count = c[1] - c[0];
        List<PortBinding> out = new ArrayList<>();
        if (h[0] != 0 && h[1] - h[0] != count) {
            if (count != 0) {
                throw new InvalidArgumentException("invalid ranges specified for container and host Ports: "
                        + container + " and " + host);
            }
            out.add(new PortBinding(hostIp, h[0], h[1], c[0], protocol)); // any free port of the host range
            return out;
        }
        for (int i = 0; i <= count; i++) {
            int hp = h[0] == 0 ? 0 : h[0] + i;
            out.add(new PortBinding(hostIp, hp, hp, c[0] + i, protocol));
        }
        return out;
    }

    private static String hostIp(String ip) {
        if (ip.startsWith("[") || ip.contains(":")) {
            throw new InvalidArgumentException("IPv6 host addresses cannot be published by Caisson: " + ip);
        }
        if (ip.isEmpty() || ip.equals("0.0.0.0")) {
            return "";
        }
        var m = IPV4.matcher(ip);
        if (!m.matches()) {
            throw new InvalidArgumentException("invalid IP address: " + ip);
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                throw new InvalidArgumentException("invalid IP address: " + ip);
            }
        }
        return ip;
    }

    private static int[] range(String s, String what) {
        int dash = s.indexOf('-');
        try {
            int start = Integer.parseInt(dash < 0 ? s : s.substring(0, dash));
            int end = dash < 0 ? start : Integer.parseInt(s.substring(dash + 1));
            if (start < 1 || end > 65535 || end < start) {
                throw new InvalidArgumentException("invalid " + what + ": " + s);
            }
            return new int[] {start, end};
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid " + what + ": " + s);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
