package dev.caisson.engine.network;

import java.util.List;
import java.util.Map;

/** A `docker network create` request in the engine's terms (Docker's field meanings). */
public record NetworkCreate(String name, String driver, boolean internal, boolean attachable, boolean enableIpv6,
                            String ipamDriver, List<Network.IpamConfig> ipam, Map<String, String> options,
                            Map<String, String> labels) {
    public NetworkCreate {
        ipam = ipam == null ? List.of() : List.copyOf(ipam);
        options = options == null ? Map.of() : Map.copyOf(options);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static NetworkCreate bridge(String name) {
        return new NetworkCreate(name, "bridge", false, false, false, null, null, null, null);
    }
}
