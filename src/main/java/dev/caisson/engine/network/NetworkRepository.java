package dev.caisson.engine.network;

import java.util.List;

/**
 * Where networks and endpoints (with their IPAM leases) are kept between runs. The service
 * holds everything in memory and writes through here on each change, so loading everything at
 * start is the only query. Each call is atomic. The library default is
 * {@link FileNetworkRepository}; the platform keeps them in its database.
 */
public interface NetworkRepository {
    List<Network> loadNetworks();

    /**
     * Inserts or replaces the network with this id.
     *
     * @throws dev.caisson.engine.ConflictException when another network has the same name
     */
    void saveNetwork(Network n);

    void deleteNetwork(String id);

    List<Endpoint> loadEndpoints();

    /**
     * Inserts or replaces the endpoint of (containerId, networkId).
     *
     * @throws dev.caisson.engine.ConflictException when another endpoint of the network holds its address
     */
    void saveEndpoint(Endpoint e);

    /** Forgets the endpoint; nothing happens when it is not stored. */
    void deleteEndpoint(String containerId, String networkId);
}
