package dev.caisson.engine.cgroup.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.cgroup.CgroupStats.BlkioEntry;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class V2StatsTest {

    @Test
    void parsesV2Files() throws URISyntaxException {
        Path dir = Path.of(getClass().getResource("/cgroup/v2/cpu.stat").toURI()).getParent();
        CgroupStats s = V2Stats.parse(name -> CgroupFiles.readOptional(dir.resolve(name)));
        assertEquals(5337088, s.memoryUsage());
        assertEquals(8912896, s.memoryMaxUsage());
        assertEquals(33554432, s.memoryLimit());
        assertEquals(1474560, s.memoryCache(), "v2 calls the page cache \"file\"");
        assertEquals(1208320L, s.memoryStat().get("inactive_file"));
        assertEquals(2, s.oomKills());
        assertEquals(147980_000L, s.cpuTotalNanos());
        assertEquals(39005_000L, s.cpuUserNanos());
        assertEquals(108975_000L, s.cpuSystemNanos());
        assertEquals(List.of(), s.cpuPerCpuNanos());
        assertEquals(31, s.throttlingPeriods());
        assertEquals(12, s.throttledPeriods());
        assertEquals(1843200_000L, s.throttledNanos());
        assertEquals(3, s.pidsCurrent());
        assertEquals(0, s.pidsLimit());
        assertEquals(List.of(new BlkioEntry(8, 0, "read", 1048576), new BlkioEntry(8, 0, "write", 8388608),
                new BlkioEntry(254, 0, "read", 4096), new BlkioEntry(254, 0, "write", 0)), s.ioServiceBytes());
        assertEquals(new BlkioEntry(8, 0, "write", 8), s.ioServiced().get(1));
    }

    @Test
    void unlimitedMemoryIsMaxValue() {
        CgroupStats s = V2Stats.parse(name -> name.equals("memory.max") ? "max\n" : "");
        assertEquals(Long.MAX_VALUE, s.memoryLimit());
        assertEquals(0, s.memoryMaxUsage());
    }
}
