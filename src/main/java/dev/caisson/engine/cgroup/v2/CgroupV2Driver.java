package dev.caisson.engine.cgroup.v2;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.cgroup.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * cgroup2: one tree. Controllers reach a child only when every ancestor lists them in
 * cgroup.subtree_control, so creation enables them top-down before making the leaf.
 */
public final class CgroupV2Driver implements CgroupDriver {

    /**
     * The controllers Caisson limits or reads. Others (hugetlb, rdma, misc) are left off so
     * enabling never changes more of the host's tree than needed.
     */
    static final List<String> USED_CONTROLLERS = List.of("cpuset", "cpu", "io", "memory", "pids");

    private final Path root;

    /** @param root the cgroup2 mount point (/sys/fs/cgroup on a pure v2 host) */
    public CgroupV2Driver(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    @Override
    public String name() {
        return "cgroupfs";
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public CgroupManager create(String path, Resources r) {
        check(path);
        r.validate(Runtime.getRuntime().availableProcessors(), false);
        CgroupV2Manager manager = new CgroupV2Manager(root, path);
        try {
            Path dir = root;
            for (Path part : Path.of(path)) {
                enableControllers(dir);
                dir = dir.resolve(part.toString());
                if (!Files.isDirectory(dir)) {
                    Files.createDirectory(dir);
                }
            }
            manager.apply(V2Plan.writes(r, manager.host()));
            return manager;
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException re ? re
                    : new SystemException("cannot create cgroup " + root.resolve(path) + ": " + e.getMessage(), e);
            try {
                manager.destroy();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    @Override
    public CgroupManager open(String path) {
        check(path);
        if (!Files.isDirectory(root.resolve(path))) {
            throw new SystemException("cgroup " + root.resolve(path) + " does not exist");
        }
        return new CgroupV2Manager(root, path);
    }

    /** Turns on, for {@code dir}'s children, the used controllers {@code dir} itself has. */
    private static void enableControllers(Path dir) {
        Set<String> available = Set.of(CgroupFiles.read(dir.resolve("cgroup.controllers")).trim().split("\\s+"));
        Set<String> enabled = Set.of(CgroupFiles.readOptional(dir.resolve("cgroup.subtree_control")).trim().split("\\s+"));
        StringBuilder change = new StringBuilder();
        for (String c : USED_CONTROLLERS) {
            if (available.contains(c) && !enabled.contains(c)) {
                change.append(change.isEmpty() ? "" : " ").append('+').append(c);
            }
        }
        if (!change.isEmpty()) {
            CgroupV2Manager.write(dir.resolve("cgroup.subtree_control"), change.toString());
        }
    }

    static void check(String path) {
        Path p = Path.of(path).normalize();
        if (path.isBlank() || p.isAbsolute() || p.startsWith("..") || !p.toString().equals(path)) {
            throw new InvalidArgumentException("invalid cgroup path \"" + path + "\": must be relative and normalized");
        }
    }
}
