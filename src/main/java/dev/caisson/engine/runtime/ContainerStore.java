package dev.caisson.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * The engine's own record of its containers: in-memory indexes by id and name, written
 * through to a {@link ContainerRepository} on every change (config.json files by default, the
 * platform's database when it provides one). It is what lets a new engine re-adopt the
 * containers a previous one started.
 */
final class ContainerStore {
    private static final System.Logger LOG = System.getLogger(ContainerStore.class.getName());
    private static final Pattern NAME = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");

    private final Path root;
    private final ContainerRepository repository;
    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByName = new ConcurrentHashMap<>();

    ContainerStore(Path root, ContainerRepository repository) {
        this.root = root;
        this.repository = repository;
    }

    Path dir(String id) {
        return root.resolve(id);
    }

    /**
     * Loads every stored container. Returns the directories that no record claims and that
     * never ran: a create that crashed between making its bundle and saving its record, for
     * removal. One that did run (spec, log or exit file) lost its record some other way (a
     * replaced database): it is left in place, never deleted under a shim that may still run.
     * A record whose directory is gone is a removal that crashed between deleting the bundle
     * and the record; it is finished here.
     */
    List<Path> load() throws IOException {
        Files.createDirectories(root);
        for (Container c : repository.loadAll()) {
            if (!Files.isDirectory(dir(c.id()))) {
                LOG.log(System.Logger.Level.WARNING, "container " + c.id() + " has no directory; forgetting it");
                repository.delete(c.id());
                continue;
            }
            byId.put(c.id(), c);
            idByName.put(c.name(), c.id());
        }
        List<Path> orphans = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.toList()) {
                String id = d.getFileName().toString();
                if (byId.containsKey(id)) {
                    continue;
                }
                if (Files.exists(d.resolve(ShimProtocol.SPEC_FILE)) || Files.exists(d.resolve(ShimProtocol.EXIT_FILE))
                        || Files.exists(d.resolve(id + "-json.log"))) {
                    LOG.log(System.Logger.Level.WARNING, "container directory " + d + " has no metadata record; left in place");
                } else {
                    orphans.add(d);
                }
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

    /** Persists first: nobody sees a state that a failed write did not record. */
    void put(Container c) {
        repository.save(c);
        byId.put(c.id(), c);
    }

    void forget(Container c) {
        repository.delete(c.id());
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
