package dev.caisson.engine.cgroup.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.cgroup.CgroupMounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usual distro layout (combined cpu,cpuacct plus symlinks), which this VM does not have. */
class CgroupV1LayoutTest {

    @TempDir
    Path root;

    @Test
    void combinedHierarchyIsBoundOnceAndItsSymlinksMirrored() throws IOException {
        Files.createDirectories(root.resolve("cpu,cpuacct"));
        Files.createDirectories(root.resolve("memory"));
        Files.createSymbolicLink(root.resolve("cpu"), Path.of("cpu,cpuacct"));
        Files.createSymbolicLink(root.resolve("cpuacct"), Path.of("cpu,cpuacct"));
        Files.createSymbolicLink(root.resolve("unrelated"), Path.of("/etc"));
        CgroupMounts mounts = CgroupMounts.parse(List.of(
                "32 31 0:29 / " + root.resolve("cpu,cpuacct") + " rw - cgroup cgroup rw,cpu,cpuacct",
                "35 31 0:32 / " + root.resolve("memory") + " rw - cgroup cgroup rw,memory"));

        CgroupV1Driver driver = CgroupV1Driver.fromMounts(mounts, root);
        Files.createDirectories(root.resolve("memory/caisson"));
        CgroupManager m = driver.open("caisson");

        assertEquals(Map.of("cpu,cpuacct", root.resolve("cpu,cpuacct/caisson"), "memory", root.resolve("memory/caisson")),
                m.containerBinds());
        assertEquals(Map.of("cpu", "cpu,cpuacct", "cpuacct", "cpu,cpuacct"), m.containerSymlinks());
        assertEquals(List.of(root.resolve("cpu,cpuacct/caisson/cgroup.procs"), root.resolve("memory/caisson/cgroup.procs")),
                m.procsFiles());
    }
}
