package dev.caisson.engine.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CgroupMountsTest {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    @Test
    void hybridHostHasV1HierarchiesAndUnifiedElsewhere() {
        CgroupMounts m = CgroupMounts.parse(List.of(
                "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct",
                "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
                "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate",
                "99 1 0:32 / /mnt/again rw,relatime - cgroup cgroup rw,memory"));
        assertFalse(m.unifiedAt(ROOT));
        assertEquals(3, m.v1().size(), "the second memory mount is the same hierarchy");
        assertEquals(Set.of("cpu", "cpuacct"), m.v1().get(0).controllers());
        assertEquals(Set.of("name=systemd"), m.v1().get(2).controllers());
    }

    @Test
    void pureV2HostIsRecognised() {
        CgroupMounts m = CgroupMounts.parse(List.of(
                "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot"));
        assertTrue(m.unifiedAt(ROOT));
        assertTrue(m.v1().isEmpty());
    }

    @Test
    void escapedMountPointsAreDecoded() {
        CgroupMounts m = CgroupMounts.parse(List.of(
                "50 1 0:40 / /tmp/with\\040space rw - cgroup2 none rw"));
        assertTrue(m.unifiedAt(Path.of("/tmp/with space")));
    }
}
