package dev.caisson.engine.cgroup.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.cgroup.CgroupWrite;
import dev.caisson.engine.cgroup.Resources;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class V1PlanTest {

    private static final long MB = 1024 * 1024;
    private static final Set<String> ALL = Set.of("cpu", "cpuacct", "cpuset", "memory", "pids", "freezer", "devices", "blkio");

    /** A host with the given controllers and files; current values from {@code current}. */
    private static V1Plan.Host host(Set<String> controllers, Set<String> files, Map<String, Long> current) {
        return new V1Plan.Host() {
            public boolean hasController(String c) { return controllers.contains(c); }
            public boolean exists(String f) { return files.contains(f) || current.containsKey(f); }
            public long current(String f) { return current.getOrDefault(f, -1L); }
        };
    }

    private static final V1Plan.Host THIS_VM = host(ALL,
            Set.of("memory.memsw.limit_in_bytes", "blkio.bfq.weight"),
            Map.of("memory.memsw.limit_in_bytes", 9223372036854771712L));

    private static CgroupWrite w(String file, String value) {
        return new CgroupWrite(file, value);
    }

    @Test
    void createDeniesAllDevicesThenAllowsDockersDefaults() {
        List<CgroupWrite> writes = V1Plan.forCreate(Resources.none(), THIS_VM);
        assertEquals(w("devices.deny", "a"), writes.get(0));
        assertTrue(writes.contains(w("devices.allow", "c 136:* rwm")));
        assertTrue(writes.contains(w("devices.allow", "c 10:200 rwm")));
        assertEquals(1 + V1Plan.DEFAULT_DEVICE_RULES.size(), writes.size(), "no limits for Resources.none()");
    }

    @Test
    void everyLimitMapsToItsFile() {
        Resources r = Resources.none().withMemory(32 * MB).withMemorySwap(64 * MB).withMemoryReservation(16 * MB)
                .withOomKillDisable(true).withCpuShares(512L).withCpuQuota(50_000L).withCpuPeriod(100_000L)
                .withCpusetCpus("0").withCpusetMems("0").withPidsLimit(20L).withBlkioWeight(300);
        assertEquals(List.of(
                w("cpuset.cpus", "0"), w("cpuset.mems", "0"),
                // from unlimited down to a limit: memory first, memsw may never drop below it
                w("memory.limit_in_bytes", Long.toString(32 * MB)),
                w("memory.memsw.limit_in_bytes", Long.toString(64 * MB)),
                w("memory.soft_limit_in_bytes", Long.toString(16 * MB)),
                w("memory.oom_control", "1"),
                w("cpu.shares", "512"), w("cpu.cfs_period_us", "100000"), w("cpu.cfs_quota_us", "50000"),
                w("pids.max", "20"), w("blkio.bfq.weight", "300")),
                V1Plan.forUpdate(r, THIS_VM));
    }

    @Test
    void nanoCpusWriteQuotaOverDefaultPeriod() {
        List<CgroupWrite> writes = V1Plan.forUpdate(Resources.none().withNanoCpus(500_000_000L), THIS_VM);
        assertEquals(List.of(w("cpu.cfs_period_us", "100000"), w("cpu.cfs_quota_us", "50000")), writes);
    }

    @Test
    void loweringBothWritesMemoryBeforeSwap() {
        V1Plan.Host limited = host(ALL, Set.of(), Map.of("memory.memsw.limit_in_bytes", 256 * MB));
        List<CgroupWrite> writes = V1Plan.forUpdate(Resources.none().withMemory(32 * MB).withMemorySwap(64 * MB), limited);
        assertEquals(List.of(w("memory.limit_in_bytes", Long.toString(32 * MB)),
                w("memory.memsw.limit_in_bytes", Long.toString(64 * MB))), writes);
    }

    @Test
    void raisingBothOrUnlimitedSwapWritesSwapFirst() {
        V1Plan.Host limited = host(ALL, Set.of(), Map.of("memory.memsw.limit_in_bytes", 64 * MB));
        assertEquals("memory.memsw.limit_in_bytes", V1Plan.forUpdate(
                Resources.none().withMemory(128 * MB).withMemorySwap(256 * MB), limited).get(0).file());
        assertEquals(w("memory.memsw.limit_in_bytes", "-1"), V1Plan.forUpdate(
                Resources.none().withMemory(128 * MB).withMemorySwap(-1L), limited).get(0));
    }

    @Test
    void raisingMemoryAboveCurrentSwapAloneIsDockersError() {
        V1Plan.Host limited = host(ALL, Set.of(), Map.of("memory.memsw.limit_in_bytes", 64 * MB));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> V1Plan.forUpdate(Resources.none().withMemory(128 * MB), limited));
        assertTrue(e.getMessage().startsWith("Memory limit should be smaller than already set memoryswap limit"));
    }

    @Test
    void withoutSwapAccountingSwapIsDroppedAsDockerDoes() {
        V1Plan.Host noMemsw = host(ALL, Set.of(), Map.of());
        assertEquals(List.of(w("memory.limit_in_bytes", Long.toString(32 * MB))),
                V1Plan.forUpdate(Resources.none().withMemory(32 * MB).withMemorySwap(64 * MB), noMemsw));
    }

    @Test
    void blkioWeightPrefersCfqFileAndIsDroppedWithoutAny() {
        V1Plan.Host cfq = host(ALL, Set.of("blkio.weight", "blkio.bfq.weight"), Map.of());
        assertEquals(List.of(w("blkio.weight", "300")), V1Plan.forUpdate(Resources.none().withBlkioWeight(300), cfq));
        assertEquals(List.of(), V1Plan.forUpdate(Resources.none().withBlkioWeight(300), host(ALL, Set.of(), Map.of())));
    }

    @Test
    void unlimitedPidsAndMissingControllerNamed() {
        assertEquals(List.of(w("pids.max", "max")), V1Plan.forUpdate(Resources.none().withPidsLimit(-1L), THIS_VM));
        V1Plan.Host noPids = host(Set.of("memory"), Set.of(), Map.of());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> V1Plan.forCreate(Resources.none().withPidsLimit(10L), noPids));
        assertEquals("cannot apply pidsLimit: cgroup controller \"pids\" is not mounted on this host", e.getMessage());
    }
}
