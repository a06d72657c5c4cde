package dev.caisson.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's own record of its containers: one config.json per container directory,
 * replaced atomically, plus in-memory indexes by id and name. It is what lets a new engine
 * re-adopt the containers a previous one started.
 */
final class ContainerStore {
    static final String CONFIG = "config.json";
    private static final Pattern NAME = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");

    private final Path root;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();

    ContainerStore(Path root) {
        this.root = root;
    }

    Path dir(String id) {
        return root.resolve(id);
    }

    /** Loads every container directory; a directory without a config is a crashed create and is returned for removal. */
    List<Path> load() throws IOException {
        List<Path> orphans = new ArrayList<>();
        Files.createDirectories(root);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                Path cfg = d.resolve(CONFIG);
                if (!Files.isRegularFile(cfg)) {
                    orphans.add(d);
                    continue;
                }
                Container c = json.readValue(cfg.toFile(), Container.class);
                byId.put(c.id(), c);
                idByName.put(c.name(), c.id());
            }
        }
        return orphans;
    }

    static String normalizeName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidArgumentException("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** Claims a name for an id, atomically; Docker's 409 message when taken. */
    void reserveName(String name, String id) {
        String owner = idByName.putIfAbsent(name, id);
        if (owner != null && !owner.equals(id)) {
            throw new ConflictException("Conflict. The container name \"/" + name + "\" is already in use by container \""
                    + owner + "\". You have to remove (or rename) that container to be able to reuse that name.");
        }
    }

    void releaseName(String name, String id) {
        idByName.remove(name, id);
    }

    boolean nameTaken(String name) {
        return idByName.containsKey(name);
    }

    void put(Container c) {
        try {
            Path tmp = dir(c.id()).resolve(CONFIG + ".tmp");
            json.writeValue(tmp.toFile(), c);
            Files.move(tmp, dir(c.id()).resolve(CONFIG), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SystemException("persist container " + c.id() + ": " + e.getMessage(), e);
        }
        byId.put(c.id(), c);
    }

    void forget(Container c) {
        byId.remove(c.id());
        idByName.remove(c.name(), c.id());
    }

    /** Docker's lookup: full id, exact name (with or without "/"), then a unique id prefix. */
    Container get(String ref) {
        if (ref == null || ref.isEmpty()) {
            throw new NotFoundException("No such container: " + ref);
        }
        Container c = byId.get(ref);
        if (c != null) {
            return c;
        }
        String id = idByName.get(ref.startsWith("/") ? ref.substring(1) : ref);
        if (id != null && (c = byId.get(id)) != null) {
            return c;
        }
        List<Container> matches = byId.values().stream().filter(x -> x.id().startsWith(ref)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new InvalidArgumentException("multiple IDs found with provided prefix: " + ref);
        }
        throw new NotFoundException("No such container: " + ref);
    }

    /** Newest first, as `docker ps` lists. */
    List<Container> list() {
        return byId.values().stream().sorted(Comparator.comparing(Container::created).reversed()).toList();
    }
}
