package dev.caisson.engine.network;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One network as Docker shows it. driver: "bridge" (a Linux bridge named {@code bridge}, with
 * subnet, gateway and an optional range IPAM allocates from), "host" or "null". ipamConfig is
 * what inspect shows as IPAM.Config; userSubnet says whether the user chose the subnet (only
 * then may containers ask for a static address, Docker's rule).
 */
public record Network(
        String id,
        String name,
        String driver,
        Instant created,
        boolean internal,
        boolean attachable,
        Map<String, String> labels,
        Map<String, String> options,
        List<IpamConfig> ipamConfig,
        String subnet,
        String gateway,
        String ipRange,
        String bridge,
        int mtu,
        boolean userSubnet,
        boolean predefined) {

    public static final String DEFAULT_BRIDGE = "bridge";

    public Network {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        options = options == null ? Map.of() : Map.copyOf(options);
        ipamConfig = ipamConfig == null ? List.of() : List.copyOf(ipamConfig);
    }

    /** IPAM.Config entries as given (or as chosen): "" where unset. */
    public record IpamConfig(String subnet, String ipRange, String gateway) {
    }

    public boolean bridged() {
        return driver.equals("bridge");
    }

    /** Docker's "user-defined": a bridge network other than the default one (names resolve there). */
    public boolean userDefined() {
        return bridged() && !predefined;
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    public int prefixLength() {
        return subnet == null ? 0 : Ipv4.Subnet.parse(subnet).prefix();
    }

    Ipv4.Subnet parsedSubnet() {
        return Ipv4.Subnet.parse(subnet);
    }

    /** The range IPAM hands out addresses from (the whole subnet unless an IPRange was given). */
    Ipv4.Subnet pool() {
        return ipRange == null || ipRange.isEmpty() ? parsedSubnet() : Ipv4.Subnet.parse(ipRange);
    }
}
