package dev.caisson.engine.cgroup.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caisson.engine.SystemException;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.cgroup.CgroupDriverContract;
import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.cgroup.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The v1 driver on this host's real hierarchies (hybrid layout: v1 owns every controller). */
class CgroupV1DriverIT extends CgroupDriverContract {

    private static final long MB = 1024 * 1024;

    @Override
    protected CgroupDriver newDriver() {
        CgroupDriver d = CgroupDriver.detect();
        assertEquals(1, d.version(), "this test host is expected to be v1/hybrid");
        return d;
    }

    @Override
    protected List<Path> locations(String relative) {
        return ((CgroupV1Driver) driver).hierarchies().stream().map(h -> h.mountPoint().resolve(relative)).toList();
    }

    private Path dir(String controller) {
        return ((CgroupV1Driver) driver).hierarchies().stream().filter(h -> h.has(controller)).findFirst()
                .orElseThrow().mountPoint().resolve(path);
    }

    private String read(String controller, String file) {
        return CgroupFiles.read(dir(controller).resolve(file)).trim();
    }

    @Test
    void limitsLandInTheirFiles() {
        CgroupManager m = create(Resources.none().withMemory(32 * MB).withMemorySwap(64 * MB).withPidsLimit(20L)
                .withCpuQuota(50_000L).withCpuPeriod(100_000L).withCpusetCpus("0").withCpuShares(512L)
                .withBlkioWeight(300).withMemoryReservation(16 * MB).withOomKillDisable(true));
        assertEquals(Long.toString(32 * MB), read("memory", "memory.limit_in_bytes"));
        assertEquals(Long.toString(16 * MB), read("memory", "memory.soft_limit_in_bytes"));
        if (Files.exists(dir("memory").resolve("memory.memsw.limit_in_bytes"))) {
            assertEquals(Long.toString(64 * MB), read("memory", "memory.memsw.limit_in_bytes"));
        }
        assertTrue(read("memory", "memory.oom_control").contains("oom_kill_disable 1"));
        assertEquals("20", read("pids", "pids.max"));
        for (String weight : List.of("blkio.weight", "blkio.bfq.weight")) {
            if (Files.exists(dir("blkio").resolve(weight))) {
                assertTrue(read("blkio", weight).endsWith("300"), weight + ": " + read("blkio", weight));
            }
        }
        assertEquals("50000", read("cpu", "cpu.cfs_quota_us"));
        assertEquals("100000", read("cpu", "cpu.cfs_period_us"));
        assertEquals("512", read("cpu", "cpu.shares"));
        assertEquals("0", read("cpuset", "cpuset.cpus"));
        assertFalse(read("cpuset", "cpuset.mems").isEmpty(), "mems copied from the parent");
        assertTrue(read("devices", "devices.list").contains("c 136:* rwm"));
        assertFalse(read("devices", "devices.list").contains("a *:* rwm"));

        m.update(Resources.none().withMemory(128 * MB).withMemorySwap(256 * MB).withNanoCpus(1_500_000_000L));
        assertEquals(Long.toString(128 * MB), read("memory", "memory.limit_in_bytes"));
        assertEquals("150000", read("cpu", "cpu.cfs_quota_us"));
        assertTrue(CgroupFiles.read(m.oomEventsFile()).contains("oom_kill "));
    }

    @Test
    void bindsNameEveryHierarchy() {
        CgroupManager m = create(Resources.none());
        Map<String, Path> binds = m.containerBinds();
        for (String name : List.of("memory", "pids", "freezer", "devices", "cpuset")) {
            assertEquals(Path.of("/sys/fs/cgroup", name, path), binds.get(name));
        }
        assertEquals(((CgroupV1Driver) driver).hierarchies().size(), m.procsFiles().size());
    }

    @Test
    void statsCountMemoryAndCpu() {
        CgroupManager m = create(Resources.none());
        Process p = start("sh", "-c", "sleep 0.3; i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; sleep 60");
        m.addProcess(p.pid());
        assertTrue(CgroupFiles.await(() -> {
            CgroupStats s = m.stats();
            return s.memoryUsage() > 0 && s.cpuTotalNanos() > 0 && s.cpuUserNanos() + s.cpuSystemNanos() > 0;
        }, 15_000), "stats " + m.stats());
        CgroupStats s = m.stats();
        assertEquals(1, s.pidsCurrent());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.cpuPerCpuNanos().size());
        assertTrue(s.memoryStat().containsKey("total_inactive_file"));
    }

    @Test
    void pidsLimitStopsAForkLoop() {
        CgroupManager m = create(Resources.none().withPidsLimit(20L));
        Process p = start("sh", "-c", "sleep 0.3; for i in $(seq 50); do sleep 30 & done; wait");
        m.addProcess(p.pid());
        long peak = 0;
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline) {
            peak = Math.max(peak, m.stats().pidsCurrent());
            CgroupFiles.await(() -> false, 20);
        }
        assertTrue(peak <= 20, "pids.current peaked at " + peak);
        assertTrue(peak >= 15, "the loop did fork up to the limit: " + peak);
        assertTrue(CgroupFiles.read(dir("pids").resolve("pids.events")).matches("(?s)max [1-9].*"), "forks were refused");
        m.killAll();
        assertTrue(m.pids().isEmpty());
    }

    @Test
    void failedCreateRemovesWhatItMade() {
        SystemException e = assertThrows(SystemException.class,
                () -> driver.create(path, Resources.none().withCpusetCpus("99")));
        assertTrue(e.getMessage().contains("\"99\"") && e.getMessage().contains("cpuset.cpus"), e.getMessage());
        // cleanUp() then checks no directory of path or its parent is left
    }
}
