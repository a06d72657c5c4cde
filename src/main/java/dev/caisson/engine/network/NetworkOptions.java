package dev.caisson.engine.network;

import java.nio.file.Path;
import java.util.List;

/**
 * How an engine's networking is set up.
 *
 * @param defaultBridge the Linux bridge of the default `bridge` network (Docker's docker0), or
 *                      null for none (dockerd's --bridge=none: "default" then means no network)
 * @param defaultSubnet the default bridge's subnet, or null for the first free one of {@link #pools}
 *                      (172.17.0.0/16 unless a route of the host already covers it)
 * @param pools         where user networks' subnets come from, in order (Docker's defaults)
 * @param mtu           the default bridge's MTU (1500, Docker's default)
 * @param netnsDir      where containers' network namespaces are pinned (a run directory: gone at reboot)
 */
public record NetworkOptions(String defaultBridge, String defaultSubnet, List<String> pools, int mtu, Path netnsDir) {
    public NetworkOptions {
        pools = pools == null || pools.isEmpty()
                ? Ipam.dockerDefaultPools().stream().map(Object::toString).toList() : List.copyOf(pools);
        mtu = mtu <= 0 ? 1500 : mtu;
        if (defaultBridge != null && (defaultBridge.isEmpty() || defaultBridge.length() > 15)) {
            throw new IllegalArgumentException("bridge name must be 1 to 15 characters: " + defaultBridge);
        }
    }

    /** Docker's defaults: bridge `caisson0`, the first free subnet from 172.17.0.0/16 on. */
    public static NetworkOptions defaults(Path netnsDir) {
        return new NetworkOptions("caisson0", null, null, 1500, netnsDir);
    }

    /**
     * No default bridge (dockerd's --bridge=none): the library's default, so that opening an
     * engine changes nothing on the host until a network is created or a bridge asked for.
     */
    public static NetworkOptions noDefaultBridge(Path netnsDir) {
        return new NetworkOptions(null, null, null, 1500, netnsDir);
    }

    public NetworkOptions withDefaultBridge(String name, String subnet) {
        return new NetworkOptions(name, subnet, pools, mtu, netnsDir);
    }
}
