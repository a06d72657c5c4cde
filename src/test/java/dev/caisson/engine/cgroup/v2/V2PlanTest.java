package dev.caisson.engine.cgroup.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.cgroup.CgroupWrite;
import dev.caisson.engine.cgroup.Resources;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class V2PlanTest {

    private static final long MB = 1024 * 1024;

    private static V2Plan.Host host(Set<String> controllers, Map<String, String> files) {
        return new V2Plan.Host() {
            public boolean hasController(String c) { return controllers.contains(c); }
            public boolean exists(String f) { return files.containsKey(f); }
            public String read(String f) { return files.getOrDefault(f, ""); }
        };
    }

    private static final V2Plan.Host FULL = host(Set.of("cpuset", "cpu", "io", "memory", "pids"),
            Map.of("memory.max", "max\n", "memory.swap.max", "max\n", "cpu.max", "max 100000\n", "io.weight", "default 100\n"));

    private static CgroupWrite w(String file, String value) {
        return new CgroupWrite(file, value);
    }

    @Test
    void everyLimitMapsToItsFile() {
        Resources r = Resources.none().withMemory(32 * MB).withMemorySwap(96 * MB).withMemoryReservation(16 * MB)
                .withCpuShares(512L).withCpuQuota(50_000L).withCpuPeriod(100_000L).withCpusetCpus("0")
                .withCpusetMems("0").withPidsLimit(20L).withBlkioWeight(500).withOomKillDisable(true);
        assertEquals(List.of(
                w("cpuset.cpus", "0"), w("cpuset.mems", "0"),
                w("memory.max", Long.toString(32 * MB)),
                w("memory.swap.max", Long.toString(64 * MB)),
                w("memory.low", Long.toString(16 * MB)),
                w("cpu.weight", "20"),
                w("cpu.max", "50000 100000"),
                w("pids.max", "20"),
                w("io.weight", "default 4950")), V2Plan.writes(r, FULL));
    }

    @Test
    void conversionsMatchRunc() {
        assertEquals(1, V2Plan.sharesToWeight(2));
        assertEquals(39, V2Plan.sharesToWeight(1024));
        assertEquals(10000, V2Plan.sharesToWeight(262144));
        assertEquals(1, V2Plan.blkioToIoWeight(10));
        assertEquals(10000, V2Plan.blkioToIoWeight(1000));
    }

    @Test
    void nanoCpusAndHalfSetCpuMax() {
        assertEquals(List.of(w("cpu.max", "150000 100000")),
                V2Plan.writes(Resources.none().withNanoCpus(1_500_000_000L), FULL));
        assertEquals(List.of(w("cpu.max", "max 100000")), V2Plan.writes(Resources.none().withCpuQuota(-1L), FULL));
        V2Plan.Host limited = host(Set.of("cpu"), Map.of("cpu.max", "20000 50000\n"));
        assertEquals(List.of(w("cpu.max", "20000 200000")), V2Plan.writes(Resources.none().withCpuPeriod(200_000L), limited));
    }

    @Test
    void swapIsTheDifferenceAndUnlimitedIsMax() {
        assertEquals(w("memory.swap.max", "0"),
                V2Plan.writes(Resources.none().withMemory(32 * MB).withMemorySwap(32 * MB), FULL).get(1));
        assertEquals(w("memory.swap.max", "max"),
                V2Plan.writes(Resources.none().withMemory(32 * MB).withMemorySwap(-1L), FULL).get(1));
        V2Plan.Host current = host(Set.of("memory"), Map.of("memory.max", "33554432\n", "memory.swap.max", "0\n"));
        assertEquals(List.of(w("memory.swap.max", Long.toString(32 * MB))),
                V2Plan.writes(Resources.none().withMemorySwap(64 * MB), current));
    }

    @Test
    void bfqWeightTakesTheV1ValueAndNoWeightFileDropsIt() {
        V2Plan.Host bfq = host(Set.of("io"), Map.of("io.bfq.weight", "default 100\n", "io.weight", "default 100\n"));
        assertEquals(List.of(w("io.bfq.weight", "500")), V2Plan.writes(Resources.none().withBlkioWeight(500), bfq));
        assertEquals(List.of(), V2Plan.writes(Resources.none().withBlkioWeight(500), host(Set.of("io"), Map.of())));
    }

    @Test
    void limitOnAbsentControllerIsNamed() {
        V2Plan.Host bare = host(Set.of(), Map.of());
        assertEquals(List.of(), V2Plan.writes(Resources.none(), bare));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> V2Plan.writes(Resources.none().withMemory(32 * MB), bare));
        assertEquals("cannot apply memory: cgroup controller \"memory\" is not available in this cgroup2 tree", e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> V2Plan.writes(Resources.none().withPidsLimit(5L), bare));
        assertThrows(InvalidArgumentException.class, () -> V2Plan.writes(Resources.none().withNanoCpus(1_000_000_000L), bare));
    }
}
