package dev.caisson.engine.cgroup;

import dev.caisson.engine.cgroup.v1.CgroupV1Driver;
import dev.caisson.engine.cgroup.v2.CgroupV2Driver;
import java.nio.file.Path;

/**
 * Creates and re-opens container cgroups on one host layout. Two implementations: v1 (one
 * hierarchy per controller group) and v2 (one unified tree); {@link #detect()} picks.
 */
public interface CgroupDriver {

    /** Docker's name for the driver kind shown in {@code docker info}: always "cgroupfs" here. */
    String name();

    /** 1 or 2. */
    int version();

    /**
     * Creates {@code path} (relative, e.g. "caisson/&lt;id&gt;") in every hierarchy and applies
     * {@code r}. On any failure whatever was made is removed again before the error is thrown.
     */
    CgroupManager create(String path, Resources r);

    /** An existing cgroup, e.g. to re-adopt a container after a platform restart. */
    CgroupManager open(String path);

    /**
     * Pure v2 when cgroup2 is mounted at /sys/fs/cgroup; otherwise (v1 or hybrid, where the
     * controllers live in v1 hierarchies) v1.
     */
    static CgroupDriver detect() {
        CgroupMounts mounts = CgroupMounts.fromProc();
        Path root = Path.of("/sys/fs/cgroup");
        if (mounts.unifiedAt(root)) {
            return new CgroupV2Driver(root);
        }
        return CgroupV1Driver.fromMounts(mounts, root);
    }
}
