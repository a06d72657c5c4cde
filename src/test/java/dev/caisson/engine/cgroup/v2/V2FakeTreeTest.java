package dev.caisson.engine.cgroup.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.cgroup.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v2 driver against a plain directory laid out like a cgroup2 tree with every
 * controller: proves what a pure v2 host would get written, which this hybrid host can't show.
 * The leaf is pre-created because a real kernel fills a new directory's files itself.
 */
class V2FakeTreeTest {

    private static final long MB = 1024 * 1024;
    private static final String ALL = "cpuset cpu io memory hugetlb pids rdma misc\n";

    @TempDir
    Path root;
    private Path leaf;

    @BeforeEach
    void tree() throws IOException {
        leaf = root.resolve("caisson/c1");
        Files.createDirectories(leaf);
        for (Path dir : new Path[] {root, root.resolve("caisson"), leaf}) {
            Files.writeString(dir.resolve("cgroup.controllers"), ALL);
            Files.writeString(dir.resolve("cgroup.subtree_control"), "");
        }
        Files.writeString(leaf.resolve("cpu.max"), "max 100000\n");
        Files.writeString(leaf.resolve("memory.max"), "max\n");
        Files.writeString(leaf.resolve("memory.swap.max"), "max\n");
        Files.writeString(leaf.resolve("io.bfq.weight"), "default 100\n");
    }

    private String read(String file) throws IOException {
        return Files.readString(leaf.resolve(file));
    }

    @Test
    void createEnablesControllersTopDownAndWritesEveryLimit() throws IOException {
        CgroupManager m = new CgroupV2Driver(root).create("caisson/c1", Resources.none()
                .withMemory(32 * MB).withMemorySwap(64 * MB).withMemoryReservation(8 * MB).withCpuShares(1024L)
                .withNanoCpus(500_000_000L).withCpusetCpus("0").withCpusetMems("0").withPidsLimit(20L)
                .withBlkioWeight(300));
        // only the controllers Caisson uses, never hugetlb/rdma/misc
        assertEquals("+cpuset +cpu +io +memory +pids", Files.readString(root.resolve("cgroup.subtree_control")));
        assertEquals("+cpuset +cpu +io +memory +pids", Files.readString(root.resolve("caisson/cgroup.subtree_control")));
        assertEquals("", read("cgroup.subtree_control"), "the leaf enables nothing for children");
        assertEquals(Long.toString(32 * MB), read("memory.max"));
        assertEquals(Long.toString(32 * MB), read("memory.swap.max"));
        assertEquals(Long.toString(8 * MB), read("memory.low"));
        assertEquals("39", read("cpu.weight"));
        assertEquals("50000 100000", read("cpu.max"));
        assertEquals("0", read("cpuset.cpus"));
        assertEquals("0", read("cpuset.mems"));
        assertEquals("20", read("pids.max"));
        assertEquals("300", read("io.bfq.weight"));

        m.update(Resources.none().withCpuQuota(-1L).withPidsLimit(0L));
        assertEquals("max 100000", read("cpu.max"));
        assertEquals("max", read("pids.max"));
    }

    @Test
    void statsReadFromTheLeaf() throws IOException {
        Files.writeString(leaf.resolve("memory.current"), "4096\n");
        Files.writeString(leaf.resolve("pids.current"), "2\n");
        Files.writeString(leaf.resolve("pids.max"), "20\n");
        Files.writeString(leaf.resolve("memory.events"), "low 0\nhigh 0\nmax 1\noom 1\noom_kill 1\n");
        CgroupManager m = new CgroupV2Driver(root).open("caisson/c1");
        assertEquals(4096, m.stats().memoryUsage());
        assertEquals(2, m.stats().pidsCurrent());
        assertEquals(20, m.stats().pidsLimit());
        assertEquals(1, m.stats().oomKills());
        assertEquals(Long.MAX_VALUE, m.stats().memoryLimit());
    }

    @Test
    void frozenFollowsCgroupEvents() throws IOException {
        CgroupManager m = new CgroupV2Driver(root).open("caisson/c1");
        Files.writeString(leaf.resolve("cgroup.events"), "populated 1\nfrozen 1\n");
        assertTrue(m.frozen());
        Files.writeString(leaf.resolve("cgroup.events"), "populated 1\nfrozen 0\n");
        assertEquals(false, m.frozen());
    }

    @Test
    void invalidPathsAreRefused() {
        CgroupV2Driver d = new CgroupV2Driver(root);
        assertThrows(InvalidArgumentException.class, () -> d.create("../escape", Resources.none()));
        assertThrows(InvalidArgumentException.class, () -> d.create("/abs", Resources.none()));
        assertThrows(InvalidArgumentException.class, () -> d.open("a/../b"));
    }
}
