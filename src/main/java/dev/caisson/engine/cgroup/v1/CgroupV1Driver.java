package dev.caisson.engine.cgroup.v1;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.cgroup.CgroupMounts;
import dev.caisson.engine.cgroup.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * cgroup v1: the container gets a directory of the same relative path in every mounted
 * hierarchy, including ones whose controllers Caisson never limits (net_cls, perf_event,
 * name=systemd), so that it is placed as completely as runc would place it.
 */
public final class CgroupV1Driver implements CgroupDriver {

    private final List<Hierarchy> hierarchies;
    private final Map<String, String> symlinks;

    public CgroupV1Driver(List<Hierarchy> hierarchies, Map<String, String> symlinks) {
        this.hierarchies = List.copyOf(hierarchies);
        this.symlinks = Map.copyOf(symlinks);
    }

    /**
     * The v1 hierarchies from mountinfo, named by their path under {@code root}; symlinks
     * under {@code root} pointing at a hierarchy (cpu → cpu,cpuacct) are mirrored for containers.
     */
    public static CgroupV1Driver fromMounts(CgroupMounts mounts, Path root) {
        List<Hierarchy> found = new ArrayList<>();
        for (CgroupMounts.Mount m : mounts.v1()) {
            String name = m.mountPoint().startsWith(root) && !m.mountPoint().equals(root)
                    ? root.relativize(m.mountPoint()).toString()
                    : m.mountPoint().getFileName().toString();
            found.add(new Hierarchy(name, m.mountPoint(), m.controllers()));
        }
        if (found.isEmpty()) {
            throw new SystemException("no cgroup v1 hierarchy is mounted and cgroup2 is not at " + root);
        }
        Map<String, String> links = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (Files.isSymbolicLink(p)) {
                    String target = Files.readSymbolicLink(p).getFileName().toString();
                    if (found.stream().anyMatch(h -> h.name().equals(target))) {
                        links.put(p.getFileName().toString(), target);
                    }
                }
            }
        } catch (IOException e) {
            throw new SystemException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return new CgroupV1Driver(found, links);
    }

    public List<Hierarchy> hierarchies() {
        return hierarchies;
    }

    @Override
    public String name() {
        return "cgroupfs";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public CgroupManager create(String path, Resources r) {
        check(path);
        r.validate(Runtime.getRuntime().availableProcessors(), false);
        CgroupV1Manager manager = new CgroupV1Manager(path, hierarchies, symlinks);
        try {
            for (Hierarchy h : hierarchies) {
                makeDirs(h, path);
            }
            manager.apply(V1Plan.forCreate(r, manager.host()));
            return manager;
        } catch (RuntimeException e) {
            try {
                manager.destroy();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public CgroupManager open(String path) {
        check(path);
        CgroupV1Manager manager = new CgroupV1Manager(path, hierarchies, symlinks);
        if (manager.dirs().values().stream().noneMatch(Files::isDirectory)) {
            throw new SystemException("cgroup " + path + " does not exist in any v1 hierarchy");
        }
        return manager;
    }

    /**
     * mkdir of each missing component. A new cpuset directory starts with empty cpus and
     * mems, and no process can join it until both are filled, so they are copied from the parent.
     */
    private static void makeDirs(Hierarchy h, String path) {
        Path dir = h.mountPoint();
        for (Path part : Path.of(path)) {
            Path parent = dir;
            dir = dir.resolve(part.toString());
            try {
                if (!Files.isDirectory(dir)) {
                    Files.createDirectory(dir);
                }
            } catch (IOException e) {
                throw new SystemException("cannot create cgroup " + dir + ": " + e.getMessage(), e);
            }
            if (h.has("cpuset")) {
                for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                    if (CgroupFiles.read(dir.resolve(file)).isBlank()) {
                        CgroupV1Manager.write(dir.resolve(file), CgroupFiles.read(parent.resolve(file)).trim());
                    }
                }
            }
        }
    }

    /** Relative, no "..": the path is joined under every hierarchy root. */
    static void check(String path) {
        Path p = Path.of(path).normalize();
        if (path.isBlank() || p.isAbsolute() || p.startsWith("..") || !p.toString().equals(path)) {
            throw new InvalidArgumentException("invalid cgroup path \"" + path + "\": must be relative and normalized");
        }
    }
}
