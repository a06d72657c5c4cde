package dev.caisson.engine.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.SystemException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The library's default store: {@code networks.json} and {@code endpoints.json} in one
 * directory, each rewritten whole and replaced by an atomic rename on every change (there are
 * few networks and one endpoint per container and network). Checks the same uniqueness the
 * database's constraints hold: network names, and addresses within a network.
 */
public final class FileNetworkRepository implements NetworkRepository {
    private static final ObjectMapper JSON = NetworkCodec.JSON;

    private final Path dir;
    private final Map<String, Network> networks = new LinkedHashMap<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

    public FileNetworkRepository(Path dir) {
        this.dir = dir;
        networks.putAll(read("networks.json", new TypeReference<List<Network>>() { }).stream()
                .collect(LinkedHashMap::new, (m, n) -> m.put(n.id(), n), Map::putAll));
        for (Endpoint e : read("endpoints.json", new TypeReference<List<Endpoint>>() { })) {
            endpoints.put(key(e.containerId(), e.networkId()), e);
        }
    }

    @Override
    public synchronized List<Network> loadNetworks() {
        return List.copyOf(networks.values());
    }

    @Override
    public synchronized void saveNetwork(Network n) {
        for (Network o : networks.values()) {
            if (!o.id().equals(n.id()) && o.name().equals(n.name())) {
                throw new ConflictException("network with name " + n.name() + " already exists");
            }
        }
        Map<String, Network> next = new LinkedHashMap<>(networks);
        next.put(n.id(), n);
        write("networks.json", List.copyOf(next.values()));
        networks.put(n.id(), n);
    }

    @Override
    public synchronized void deleteNetwork(String id) {
        Map<String, Network> next = new LinkedHashMap<>(networks);
        if (next.remove(id) != null) {
            write("networks.json", List.copyOf(next.values()));
            networks.remove(id);
        }
    }

    @Override
    public synchronized List<Endpoint> loadEndpoints() {
        return List.copyOf(endpoints.values());
    }

    @Override
    public synchronized void saveEndpoint(Endpoint e) {
        String k = key(e.containerId(), e.networkId());
        for (Map.Entry<String, Endpoint> o : endpoints.entrySet()) {
            Endpoint x = o.getValue();
            if (!o.getKey().equals(k) && e.ipv4() != null && e.ipv4().equals(x.ipv4()) && x.networkId().equals(e.networkId())) {
                throw new ForbiddenException("Address already in use");
            }
        }
        Map<String, Endpoint> next = new LinkedHashMap<>(endpoints);
        next.put(k, e);
        write("endpoints.json", List.copyOf(next.values()));
        endpoints.put(k, e);
    }

    @Override
    public synchronized void deleteEndpoint(String containerId, String networkId) {
        String k = key(containerId, networkId);
        Map<String, Endpoint> next = new LinkedHashMap<>(endpoints);
        if (next.remove(k) != null) {
            write("endpoints.json", List.copyOf(next.values()));
            endpoints.remove(k);
        }
    }

    private static String key(String containerId, String networkId) {
        return containerId + "/" + networkId;
    }

    private <T> List<T> read(String file, TypeReference<List<T>> type) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            return new ArrayList<>();
        }
        try {
            return JSON.readValue(Files.readString(p, StandardCharsets.UTF_8), type);
        } catch (IOException | JacksonException e) {
            throw new SystemException("read " + p + ": " + e.getMessage(), e);
        }
    }

    private void write(String file, Object value) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file + ".tmp");
            Files.writeString(tmp, JSON.writeValueAsString(value), StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | JacksonException e) {
            throw new SystemException("write " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
    }
}
