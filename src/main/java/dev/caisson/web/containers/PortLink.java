package dev.caisson.web.containers;

import java.util.List;
import java.util.Map;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.caisson.api.docker.DockerViews;
import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.Container;

/**
 * One port in the containers table, as `docker ps` writes it ("0.0.0.0:8080->80/tcp"), with a
 * link for a published TCP port. The link goes to the host the browser used when the port is
 * published on every address, since 0.0.0.0 is not a place a browser can go.
 *
 * @param text  the `docker ps` wording
 * @param href  where the published port answers, or null (exposed only, or UDP)
 */
public record PortLink(String text, String href) {

    /** The host name the browser used for the request being answered (asked once per page, not per row). */
    static String browserHost() {
        String host = ServletUriComponentsBuilder.fromCurrentRequestUri().build().getHost();
        return host == null ? "localhost" : host;
    }

    /** The container's ports, linked to browserHost. */
    static List<PortLink> of(Container c, NetworkService networks, String browserHost) {
        return of(DockerViews.ports(c, networks), browserHost);
    }

    static List<PortLink> of(List<Map<String, Object>> ports, String browserHost) {
        return ports.stream().map(p -> of(p, browserHost)).toList();
    }

    private static PortLink of(Map<String, Object> p, String browserHost) {
        String proto = (String) p.get("Type");
        Object pub = p.get("PublicPort");
        if (pub == null) {
            return new PortLink(p.get("PrivatePort") + "/" + proto, null);
        }
        String ip = (String) p.get("IP");
        String text = ip + ":" + pub + "->" + p.get("PrivatePort") + "/" + proto;
        if (!"tcp".equals(proto)) {
            return new PortLink(text, null);
        }
        String host = ip.equals("0.0.0.0") || ip.isEmpty() ? browserHost : ip;
        return new PortLink(text, "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + pub + "/");
    }
}
