package dev.caisson.platform.persistence;

import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.network.Endpoint;
import dev.caisson.engine.network.Network;
import dev.caisson.engine.network.NetworkCodec;
import dev.caisson.engine.network.NetworkRepository;

/**
 * Networks in {@code networks} and container attachments in {@code network_endpoints}, one row
 * each, written by one statement. The constraints back the service's own checks: network names
 * are unique, and no two endpoints of a network hold the same address (the IPAM lease).
 */
public final class JdbcNetworkRepository implements NetworkRepository {
    private final JdbcClient jdbc;

    public JdbcNetworkRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Network> loadNetworks() {
        return jdbc.sql("SELECT data FROM networks").query(String.class).list().stream().map(NetworkCodec::network).toList();
    }

    @Override
    public void saveNetwork(Network n) {
        try {
            jdbc.sql("MERGE INTO networks (id, name, driver, created, data) KEY (id) VALUES (?, ?, ?, ?, ?)")
                    .params(n.id(), n.name(), n.driver(), JdbcContainerRepository.utc(n.created()), NetworkCodec.toJson(n))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("network with name " + n.name() + " already exists");
        }
    }

    @Override
    public void deleteNetwork(String id) {
        jdbc.sql("DELETE FROM networks WHERE id = ?").param(id).update();
    }

    @Override
    public List<Endpoint> loadEndpoints() {
        return jdbc.sql("SELECT data FROM network_endpoints").query(String.class).list().stream()
                .map(NetworkCodec::endpoint).toList();
    }

    @Override
    public void saveEndpoint(Endpoint e) {
        try {
            jdbc.sql("MERGE INTO network_endpoints (container_id, network_id, ipv4, data) KEY (container_id, network_id)"
                            + " VALUES (?, ?, ?, ?)")
                    .params(e.containerId(), e.networkId(), e.ipv4(), NetworkCodec.toJson(e))
                    .update();
        } catch (DuplicateKeyException ex) {
            throw new ForbiddenException("Address already in use");
        }
    }

    @Override
    public void deleteEndpoint(String containerId, String networkId) {
        jdbc.sql("DELETE FROM network_endpoints WHERE container_id = ? AND network_id = ?").params(containerId, networkId)
                .update();
    }
}
