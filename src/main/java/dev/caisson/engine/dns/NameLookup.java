package dev.caisson.engine.dns;

import java.net.Inet4Address;
import java.util.List;

/**
 * What the embedded DNS asks the network layer, always on behalf of the container that sent
 * the query: only containers sharing one of its user-defined networks are visible to it.
 * Called on the DNS thread for every query, so answers must come from memory and quickly;
 * implementations must be thread-safe. {@link ServiceRecords} is a ready one.
 */
public interface NameLookup {
    /**
     * The IPv4 addresses of name (lower case, no final dot: a container name, a network alias,
     * a 12-character short ID, or "name.network") as the asking container sees it. Null when the
     * name is not one of its networks' names (the query is then forwarded); an empty list when
     * it is but has no IPv4 address (answered with no records, NOERROR, and not forwarded).
     */
    List<Inet4Address> addresses(String containerId, String name);

    /** For a PTR query: "name.network" of a container address on the asker's networks, or null. */
    String hostName(String containerId, Inet4Address address);

    /**
     * Whether names the networks do not know may be sent to the upstream resolvers: false when
     * every network of the container is Internal (Docker then has no way out either).
     */
    boolean forwards(String containerId);
}
