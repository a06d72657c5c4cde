package dev.caisson.engine.cgroup.v2;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.cgroup.CgroupWrite;
import dev.caisson.engine.cgroup.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A container's directory in the cgroup2 tree. */
final class CgroupV2Manager implements CgroupManager {

    private static final long FREEZE_TIMEOUT_MS = 10_000;

    private final Path root;
    private final String path;
    private final Path dir;

    CgroupV2Manager(Path root, String path) {
        this.root = root;
        this.path = path;
        this.dir = root.resolve(path);
    }

    /** The one place cgroup2 control files are written; errors name the file and the value. */
    static void write(Path file, String value) {
        CgroupFiles.write(file, value);
    }

    void apply(List<CgroupWrite> writes) {
        for (CgroupWrite w : writes) {
            write(dir.resolve(w.file()), w.value());
        }
    }

    V2Plan.Host host() {
        Set<String> controllers = Set.of(CgroupFiles.readOptional(dir.resolve("cgroup.controllers")).trim().split("\\s+"));
        return new V2Plan.Host() {
            @Override
            public boolean hasController(String controller) {
                return controllers.contains(controller);
            }

            @Override
            public boolean exists(String file) {
                return Files.exists(dir.resolve(file));
            }

            @Override
            public String read(String file) {
                return CgroupFiles.readOptional(dir.resolve(file));
            }
        };
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<Path> procsFiles() {
        return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public void addProcess(long pid) {
        write(dir.resolve("cgroup.procs"), Long.toString(pid));
    }

    @Override
    public Map<String, Path> containerBinds() {
        return Map.of("", dir);
    }

    @Override
    public Map<String, String> containerSymlinks() {
        return Map.of();
    }

    @Override
    public Path oomEventsFile() {
        return dir.resolve("memory.events");
    }

    @Override
    public void update(Resources r) {
        r.validate(Runtime.getRuntime().availableProcessors(), true);
        apply(V2Plan.writes(r, host()));
    }

    @Override
    public void freeze() {
        write(dir.resolve("cgroup.freeze"), "1");
        if (!CgroupFiles.await(this::frozen, FREEZE_TIMEOUT_MS)) {
            write(dir.resolve("cgroup.freeze"), "0");
            throw new SystemException("cgroup " + dir + " did not report \"frozen 1\" within "
                    + FREEZE_TIMEOUT_MS + " ms; thawed again");
        }
    }

    @Override
    public void thaw() {
        write(dir.resolve("cgroup.freeze"), "0");
        if (!CgroupFiles.await(() -> !frozen(), FREEZE_TIMEOUT_MS)) {
            throw new SystemException("cgroup " + dir + " did not thaw within " + FREEZE_TIMEOUT_MS + " ms");
        }
    }

    @Override
    public boolean frozen() {
        return events().getOrDefault("frozen", 0L) == 1;
    }

    private Map<String, Long> events() {
        return CgroupFiles.parseKeyValues(CgroupFiles.readOptional(dir.resolve("cgroup.events")));
    }

    @Override
    public CgroupStats stats() {
        return V2Stats.parse(name -> CgroupFiles.readOptional(dir.resolve(name)));
    }

    @Override
    public List<Integer> pids() {
        return CgroupFiles.readPids(dir.resolve("cgroup.procs"));
    }

    @Override
    public void killAll() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        // cgroup.kill (5.14+) kills the whole subtree atomically, frozen or not, with no fork race
        Path kill = dir.resolve("cgroup.kill");
        for (int round = 0; round < 20 && !pids().isEmpty(); round++) {
            if (Files.exists(kill)) {
                write(kill, "1");
            } else {
                pids().forEach(CgroupFiles::kill);
                if (frozen()) {
                    thaw();
                }
            }
            CgroupFiles.await(() -> pids().isEmpty(), 250);
        }
        if (!pids().isEmpty()) {
            throw new SystemException("processes " + pids() + " survived SIGKILL in cgroup " + dir);
        }
        // cgroup.kill works on a frozen cgroup, but one left frozen would freeze the next process put in
        if (frozen()) {
            thaw();
        }
    }

    @Override
    public void destroy() {
        if (Files.isDirectory(dir) && !CgroupFiles.rmdir(dir, 3)) {
            killAll();
            if (!CgroupFiles.rmdir(dir, 10)) {
                throw new SystemException("cannot remove cgroup directory " + dir);
            }
        }
        // parents of the path (e.g. "caisson") belong to the engine; remove them once empty
        for (Path p = Path.of(path).getParent(); p != null; p = p.getParent()) {
            if (!CgroupFiles.rmdir(root.resolve(p.toString()), 1)) {
                break;
            }
        }
    }
}
