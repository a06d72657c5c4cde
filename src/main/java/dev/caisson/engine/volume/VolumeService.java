package dev.caisson.engine.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.linux.MountInfo;

/**
 * Local volumes under one directory ({@code DATA/volumes/<name>/_data}, Docker's layout): create,
 * get, list, remove, prune, with Docker's rules and words. Containers reference the volumes they
 * were created with (a referenced volume cannot be removed) and mount them while they run: a
 * volume with the local driver's options is mounted at its data directory by its first running
 * user and unmounted after its last one, as Docker's local driver does.
 */
public final class VolumeService {
    private static final System.Logger LOG = System.getLogger(VolumeService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;
    private final VolumeRepository repository;
    private final Map<String, Volume> volumes = new LinkedHashMap<>();
    /** volume → containers created with it (Docker's references) */
    private final Map<String, Set<String>> refs = new HashMap<>();
    /** volume → who has it mounted now (running containers, a copy in progress) */
    private final Map<String, Set<String>> active = new HashMap<>();
    private final List<Consumer<VolumeEvent>> listeners = new CopyOnWriteArrayList<>();
    private boolean pruning;

    private VolumeService(Path root, VolumeRepository repository) {
        this.root = root;
        this.repository = repository;
    }

    /** @param root the volumes directory (DATA/volumes) */
    public static VolumeService open(Path root, VolumeRepository repository) throws IOException {
        Files.createDirectories(root);
        VolumeService s = new VolumeService(root, repository);
        for (Volume v : repository.loadAll()) {
            s.volumes.put(v.name(), v);
        }
        return s;
    }

    public void addListener(Consumer<VolumeEvent> l) {
        listeners.add(l);
    }

    /**
     * Docker's volume create: a new volume, or the existing one of that name unchanged (its
     * labels and options stay). An empty name makes an anonymous volume with a generated one.
     */
    public Volume create(String name, String driver, Map<String, String> labels, Map<String, String> options) {
        Map<String, String> l = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        if (name == null || name.isEmpty()) {
            name = newName();
            l.put(Volume.ANONYMOUS_LABEL, "");
        }
        String d = LocalDriver.driver(driver, name);
        Volume v;
        synchronized (this) {
            Volume existing = volumes.get(name);
            if (existing != null) {
                return existing;
            }
            LocalDriver.validateName(name);
            LocalDriver.validateOptions(name, options);
            v = new Volume(name, d, Instant.now().truncatedTo(ChronoUnit.SECONDS), l, options);
            Path data = dataDir(name);
            try {
                Files.createDirectories(data);
                repository.save(v);
            } catch (IOException | RuntimeException e) {
                deleteQuietly(root.resolve(name));
                throw e instanceof RuntimeException r ? r : new SystemException("create " + name + ": " + e.getMessage(), e);
            }
            volumes.put(name, v);
        }
        emit("create", name, Map.of("driver", d));
        return v;
    }

    public synchronized Volume get(String name) {
        Volume v = volumes.get(name);
        if (v == null) {
            throw new NotFoundException("get " + name + ": no such volume");
        }
        return v;
    }

    public synchronized Optional<Volume> find(String name) {
        return Optional.ofNullable(volumes.get(name));
    }

    public synchronized List<Volume> list() {
        return volumes.values().stream().sorted(Comparator.comparing(Volume::name)).toList();
    }

    /** Where the volume's data is (Docker's Mountpoint), whether or not it exists yet. */
    public Path dataDir(String name) {
        return root.resolve(name).resolve("_data");
    }

    /** The containers created with the volume, oldest first. */
    public synchronized List<String> references(String name) {
        return List.copyOf(refs.getOrDefault(name, Set.of()));
    }

    /**
     * Docker's volume rm: refused (409) while a container references it, even with force;
     * force only makes a missing volume no error.
     */
    public void remove(String name, boolean force) {
        Volume v;
        synchronized (this) {
            v = volumes.get(name);
            if (v == null) {
                if (force) {
                    return;
                }
                throw new NotFoundException("get " + name + ": no such volume");
            }
            Set<String> r = refs.getOrDefault(name, Set.of());
            if (!r.isEmpty()) {
                throw new ConflictException("remove " + name + ": volume is in use - [" + String.join(", ", r) + "]");
            }
            destroy(v);
        }
        emit("destroy", name, Map.of("driver", v.driver()));
    }

    /** What a prune removed and the bytes that freed. */
    public record Pruned(List<String> deleted, long reclaimed) {
    }

    /**
     * Docker's prune: removes each unreferenced local volume without driver options that the
     * filter accepts (which one: the caller's filters and its API version's rules).
     */
    public Pruned prune(Predicate<Volume> filter) {
        synchronized (this) {
            if (pruning) {
                throw new ConflictException("a prune operation is already running");
            }
            pruning = true;
        }
        try {
            List<String> deleted = new ArrayList<>();
            long reclaimed = 0;
            for (Volume v : list()) {
                if (!v.driver().equals(Volume.LOCAL) || !v.options().isEmpty() || !filter.test(v)) {
                    continue;
                }
                long size = size(v.name());
                try {
                    remove(v.name(), false);
                } catch (ConflictException | NotFoundException e) {
                    continue;   // referenced (or removed) meanwhile
                }
                deleted.add(v.name());
                reclaimed += size;
            }
            emit("prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
            return new Pruned(deleted, reclaimed);
        } finally {
            synchronized (this) {
                pruning = false;
            }
        }
    }

    /** The bytes in the volume (files and links, each inode once), as Docker's df counts them. */
    public long size(String name) {
        return DirectorySize.of(dataDir(name));
    }

    synchronized void reference(String name, String ref) {
        get(name);
        refs.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(ref);
    }

    synchronized void release(String name, String ref) {
        Set<String> r = refs.get(name);
        if (r != null && r.remove(ref) && r.isEmpty()) {
            refs.remove(name);
        }
    }

    /** One more user has the volume mounted; the first one mounts its filesystem (driver options). */
    synchronized Path mount(String name, String ref) {
        Volume v = get(name);
        Set<String> users = active.computeIfAbsent(name, k -> new LinkedHashSet<>());
        if (users.isEmpty() && v.mounted() && !isMountPoint(dataDir(name))) {
            LocalDriver.mount(v, dataDir(name));
        }
        users.add(ref);
        return dataDir(name);
    }

    /** One user less; after the last the filesystem is unmounted. False when ref had not mounted it. */
    synchronized boolean unmount(String name, String ref) {
        Set<String> users = active.get(name);
        if (users == null || !users.remove(ref)) {
            return false;
        }
        if (users.isEmpty()) {
            active.remove(name);
            Volume v = volumes.get(name);
            if (v != null && v.mounted() && isMountPoint(dataDir(name))) {
                LocalDriver.unmount(dataDir(name));
            }
        }
        return true;
    }

    /**
     * After the engine opened again: who uses what is given (running containers); a volume's
     * filesystem is mounted when someone uses it and unmounted when nobody does (an engine that
     * stopped between a container's exit and the unmount).
     */
    synchronized void reconcile(Map<String, Set<String>> inUse) {
        for (Volume v : volumes.values()) {
            Set<String> users = inUse.getOrDefault(v.name(), Set.of());
            if (!users.isEmpty()) {
                active.computeIfAbsent(v.name(), k -> new LinkedHashSet<>()).addAll(users);
            }
            if (!v.mounted()) {
                continue;
            }
            boolean mounted = isMountPoint(dataDir(v.name()));
            try {
                if (!users.isEmpty() && !mounted) {
                    LocalDriver.mount(v, dataDir(v.name()));
                } else if (users.isEmpty() && mounted) {
                    LocalDriver.unmount(dataDir(v.name()));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "volume " + v.name() + ": " + e.getMessage());
            }
        }
    }

    void emit(String action, String name, Map<String, String> attributes) {
        VolumeEvent e = new VolumeEvent(action, name, attributes, Instant.now());
        for (Consumer<VolumeEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "volume event listener failed", ex);
            }
        }
    }

    /** Removes the volume's directory; never while something is mounted in it (a bind would take the host's files). */
    private void destroy(Volume v) {
        Path dir = root.resolve(v.name());
        Path data = dataDir(v.name());
        if (v.mounted() && isMountPoint(data)) {
            LocalDriver.unmount(data);
        }
        try {
            for (MountInfo m : MountInfo.all()) {
                if (m.mountPoint().startsWith(dir)) {
                    throw new SystemException("remove " + v.name() + ": " + m.mountPoint() + " is still mounted");
                }
            }
            repository.delete(v.name());
            dev.caisson.engine.storage.FileTrees.deleteTree(dir);
        } catch (IOException e) {
            throw new SystemException("remove " + v.name() + ": " + e.getMessage(), e);
        }
        volumes.remove(v.name());
        active.remove(v.name());
    }

    private static boolean isMountPoint(Path p) {
        try {
            return MountInfo.isMountPoint(p);
        } catch (IOException e) {
            throw new SystemException("read mounts: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            dev.caisson.engine.storage.FileTrees.deleteTree(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cleanup " + dir + ": " + e.getMessage());
        }
    }

    /** 64 hex digits, as Docker names anonymous volumes. */
    static String newName() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }
}
