package dev.caisson.engine.cgroup;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One container's cgroup, in every hierarchy the driver uses. */
public interface CgroupManager {

    /** The relative path this manager was created or opened with. */
    String path();

    /** The cgroup.procs files a pid must be written into (one per v1 hierarchy, one for v2). */
    List<Path> procsFiles();

    /**
     * The files a single-threaded process writes "0" into to move itself in cheaply: v1's
     * "tasks" (moving only the writing thread skips the kernel's thread-group lock, whose RCU
     * grace period costs 5-13 ms per move here). Empty where there is no such way (v2 domain
     * cgroups): then a process is moved by writing into {@link #procsFiles()}.
     */
    default List<Path> threadJoinFiles() {
        return List.of();
    }

    /** Writes {@code pid} into every {@link #procsFiles()} entry. */
    void addProcess(long pid);

    /**
     * What the container sees read-only under its /sys/fs/cgroup: name relative to that
     * directory → host directory ("" for v2's single tree).
     */
    Map<String, Path> containerBinds();

    /** Symlinks to recreate next to {@link #containerBinds()} (v1 "cpu" → "cpu,cpuacct"). */
    Map<String, String> containerSymlinks();

    /** The file with an "oom_kill N" line. */
    Path oomEventsFile();

    /** Applies changed limits; null fields keep their current value. */
    void update(Resources r);

    /** Freezes every process and returns once the kernel reports the cgroup fully frozen. */
    void freeze();

    void thaw();

    boolean frozen();

    CgroupStats stats();

    /** Every pid in the cgroup. */
    List<Integer> pids();

    /** SIGKILLs every process left and waits until the cgroup is empty. */
    void killAll();

    /** Removes the cgroup everywhere, plus now-empty parents of the path. Idempotent. */
    void destroy();
}
