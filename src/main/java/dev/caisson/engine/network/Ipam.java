package dev.caisson.engine.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;

/**
 * Address decisions, as values: the subnet a new network gets from the pools (never one that
 * overlaps a route of the host or another network), and the address an endpoint gets within its
 * network (the lowest free one of the range, as Docker's allocator, or the static one asked for).
 * Docker's wording for every refusal.
 */
final class Ipam {
    private Ipam() {
    }

    /** Docker's default pools: 172.17-31.0.0/16, then 192.168.0.0/16 cut into /20s. */
    static List<Ipv4.Subnet> dockerDefaultPools() {
        List<Ipv4.Subnet> out = new ArrayList<>();
        for (int b = 17; b <= 31; b++) {
            out.add(new Ipv4.Subnet(Ipv4.parse("172." + b + ".0.0"), 16));
        }
        for (int c = 0; c < 256; c += 16) {
            out.add(new Ipv4.Subnet(Ipv4.parse("192.168." + c + ".0"), 20));
        }
        return out;
    }

    /** The first candidate that overlaps nothing taken. */
    static Ipv4.Subnet chooseSubnet(List<Ipv4.Subnet> candidates, List<Ipv4.Subnet> taken) {
        for (Ipv4.Subnet s : candidates) {
            if (taken.stream().noneMatch(s::overlaps)) {
                return s;
            }
        }
        throw new ForbiddenException("could not find an available, non-overlapping IPv4 address pool among the defaults"
                + " to assign to the network");
    }

    /** The lowest address of the network's range that is not reserved (network, broadcast, gateway) or leased. */
    static int next(Network n, Set<Integer> leased) {
        Ipv4.Subnet subnet = n.parsedSubnet();
        Ipv4.Subnet range = n.pool();
        int gateway = Ipv4.parse(n.gateway());
        for (long i = 0; i < range.size(); i++) {
            int ip = range.address(i);
            if (ip != subnet.network() && ip != subnet.broadcast() && ip != gateway && !leased.contains(ip)) {
                return ip;
            }
        }
        throw new SystemException("no available IPv4 addresses on this network's address pools: " + n.name() + " (" + n.id() + ")");
    }

    /** A static address asked for with --ip: only on a user-configured subnet, inside it, and free. */
    static int requested(Network n, String address, Set<Integer> leased) {
        if (!n.userDefined()) {
            throw new InvalidArgumentException("user specified IP address is supported on user defined networks only");
        }
        if (!n.userSubnet()) {
            throw new InvalidArgumentException("user specified IP address is supported only when connecting to networks"
                    + " with user configured subnets");
        }
        Integer ip = Ipv4.parseOrNull(address);
        if (ip == null) {
            throw new InvalidArgumentException(address.contains(":")
                    ? "IPv6 is not supported by Caisson's networks: " + address
                    : "invalid IPv4 address: " + address);
        }
        Ipv4.Subnet subnet = n.parsedSubnet();
        if (!subnet.contains(ip)) {
            throw new InvalidArgumentException("Invalid address " + address + ": It does not belong to any of this network's subnets");
        }
        if (ip == subnet.network() || ip == subnet.broadcast() || ip == Ipv4.parse(n.gateway()) || leased.contains(ip)) {
            throw new ForbiddenException("Address already in use");
        }
        return ip;
    }
}
