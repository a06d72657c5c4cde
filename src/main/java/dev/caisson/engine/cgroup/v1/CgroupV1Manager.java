package dev.caisson.engine.cgroup.v1;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.cgroup.CgroupWrite;
import dev.caisson.engine.cgroup.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A container's directory in each v1 hierarchy. */
final class CgroupV1Manager implements CgroupManager {

    private static final long FREEZE_TIMEOUT_MS = 10_000;

    private final String path;
    private final List<Hierarchy> hierarchies;
    private final Map<String, String> symlinks;

    CgroupV1Manager(String path, List<Hierarchy> hierarchies, Map<String, String> symlinks) {
        this.path = path;
        this.hierarchies = hierarchies;
        this.symlinks = symlinks;
    }

    /** The one place v1 control files are written; errors name the file and the value. */
    static void write(Path file, String value) {
        CgroupFiles.write(file, value);
    }

    /** Applies decided writes, each to the hierarchy that carries the file's controller. */
    void apply(List<CgroupWrite> writes) {
        for (CgroupWrite w : writes) {
            Path dir = dirOf(w.controller()).orElseThrow(() -> new InvalidArgumentException(
                    "cgroup controller \"" + w.controller() + "\" is not mounted on this host"));
            write(dir.resolve(w.file()), w.value());
        }
    }

    V1Plan.Host host() {
        return new V1Plan.Host() {
            @Override
            public boolean hasController(String controller) {
                return dirOf(controller).isPresent();
            }

            @Override
            public boolean exists(String file) {
                return fileOf(file).map(Files::exists).orElse(false);
            }

            @Override
            public long current(String file) {
                return fileOf(file).map(f -> CgroupFiles.readLong(f, -1)).orElse(-1L);
            }
        };
    }

    Map<Hierarchy, Path> dirs() {
        Map<Hierarchy, Path> dirs = new LinkedHashMap<>();
        for (Hierarchy h : hierarchies) {
            dirs.put(h, h.mountPoint().resolve(path));
        }
        return dirs;
    }

    private Optional<Path> dirOf(String controller) {
        return hierarchies.stream().filter(h -> h.has(controller)).findFirst()
                .map(h -> h.mountPoint().resolve(path));
    }

    private Optional<Path> fileOf(String file) {
        return dirOf(new CgroupWrite(file, "").controller()).map(d -> d.resolve(file));
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public List<Path> procsFiles() {
        return dirs().values().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    @Override
    public List<Path> threadJoinFiles() {
        return dirs().values().stream().map(d -> d.resolve("tasks")).toList();
    }

    @Override
    public void addProcess(long pid) {
        for (Path procs : procsFiles()) {
            write(procs, Long.toString(pid));
        }
    }

    @Override
    public Map<String, Path> containerBinds() {
        Map<String, Path> binds = new LinkedHashMap<>();
        dirs().forEach((h, dir) -> binds.put(h.name(), dir));
        return binds;
    }

    @Override
    public Map<String, String> containerSymlinks() {
        return symlinks;
    }

    @Override
    public Path oomEventsFile() {
        return fileOf("memory.oom_control").orElseThrow(
                () -> new SystemException("the memory cgroup controller is not mounted"));
    }

    @Override
    public void update(Resources r) {
        r.validate(Runtime.getRuntime().availableProcessors(), true);
        apply(V1Plan.forUpdate(r, host()));
    }

    @Override
    public void freeze() {
        Path state = freezerState();
        write(state, "FROZEN");
        // FREEZING means some task has not stopped yet; writing FROZEN again retries those
        boolean done = CgroupFiles.await(() -> {
            if (readState(state).equals("FROZEN")) {
                return true;
            }
            write(state, "FROZEN");
            return false;
        }, FREEZE_TIMEOUT_MS);
        if (!done) {
            write(state, "THAWED");
            throw new SystemException("cgroup " + path + " did not reach FROZEN within "
                    + FREEZE_TIMEOUT_MS + " ms; thawed again");
        }
    }

    @Override
    public void thaw() {
        Path state = freezerState();
        write(state, "THAWED");
        if (!CgroupFiles.await(() -> readState(state).equals("THAWED"), FREEZE_TIMEOUT_MS)) {
            throw new SystemException("cgroup " + path + " did not thaw within " + FREEZE_TIMEOUT_MS + " ms");
        }
    }

    @Override
    public boolean frozen() {
        return fileOf("freezer.state").filter(Files::exists)
                .map(f -> readState(f).equals("FROZEN")).orElse(false);
    }

    private Path freezerState() {
        return fileOf("freezer.state").orElseThrow(
                () -> new SystemException("the freezer cgroup controller is not mounted"));
    }

    private static String readState(Path state) {
        return CgroupFiles.read(state).trim();
    }

    @Override
    public CgroupStats stats() {
        return V1Stats.parse(name -> fileOf(name).map(CgroupFiles::readOptional).orElse(""));
    }

    @Override
    public List<Integer> pids() {
        // pids and memory are the hierarchies every container is charged to; any will do otherwise
        Path dir = dirOf("pids").or(() -> dirOf("memory"))
                .orElse(hierarchies.get(0).mountPoint().resolve(path));
        return CgroupFiles.readPids(dir.resolve("cgroup.procs"));
    }

    @Override
    public void killAll() {
        for (int round = 0; round < 20; round++) {
            List<Integer> pids = pids();
            if (pids.isEmpty()) {
                return;
            }
            pids.forEach(CgroupFiles::kill);
            // a frozen task only acts on SIGKILL once it runs again
            if (frozen()) {
                thaw();
            }
            CgroupFiles.await(() -> pids().isEmpty(), 250);
        }
        if (!pids().isEmpty()) {
            throw new SystemException("processes " + pids() + " survived SIGKILL in cgroup " + path);
        }
    }

    @Override
    public void destroy() {
        List<Path> left = new ArrayList<>();
        for (Path dir : dirs().values()) {
            if (Files.isDirectory(dir) && !CgroupFiles.rmdir(dir, 3)) {
                killAll();
                if (!CgroupFiles.rmdir(dir, 10)) {
                    left.add(dir);
                }
            }
        }
        if (!left.isEmpty()) {
            throw new SystemException("cannot remove cgroup directories " + left);
        }
        // parents of the path (e.g. "caisson") belong to the engine; remove them once empty,
        // stopping at the first one another container still uses
        for (Hierarchy h : hierarchies) {
            for (Path p = Path.of(path).getParent(); p != null; p = p.getParent()) {
                if (!CgroupFiles.rmdir(h.mountPoint().resolve(p.toString()), 1)) {
                    break;
                }
            }
        }
    }
}
