package dev.caisson.engine.cgroup.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.cgroup.CgroupStats.BlkioEntry;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class V1StatsTest {

    static Path golden(String dir) {
        try {
            return Path.of(V1StatsTest.class.getResource("/cgroup/" + dir + "/cpu.stat").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void parsesRealV1Files() {
        Path dir = golden("v1");
        CgroupStats s = V1Stats.parse(name -> CgroupFiles.readOptional(dir.resolve(name)));
        assertEquals(720896, s.memoryUsage());
        assertEquals(1826816, s.memoryMaxUsage());
        assertEquals(9223372036854771712L, s.memoryLimit());
        assertEquals(184320, s.memoryCache());
        assertEquals(180224L, s.memoryStat().get("total_inactive_file"));
        assertEquals(0, s.oomKills());
        assertEquals(210627384, s.cpuTotalNanos());
        assertEquals(List.of(133429111L, 77198273L), s.cpuPerCpuNanos());
        assertEquals(5 * 10_000_000L, s.cpuUserNanos());
        assertEquals(16 * 10_000_000L, s.cpuSystemNanos());
        assertEquals(9, s.throttlingPeriods());
        assertEquals(4, s.throttledPeriods());
        assertEquals(328789730, s.throttledNanos());
        assertEquals(2, s.pidsCurrent());
        assertEquals(0, s.pidsLimit(), "max means unlimited, reported as 0");
        assertEquals(12, s.ioServiceBytes().size(), "the device-less Total row is dropped");
        assertEquals(new BlkioEntry(8, 0, "Write", 8388608), s.ioServiceBytes().get(1));
        assertEquals(new BlkioEntry(254, 0, "Read", 1), s.ioServiced().get(6));
    }

    @Test
    void missingFilesReadAsZero() {
        CgroupStats s = V1Stats.parse(name -> "");
        assertEquals(0, s.memoryUsage());
        assertEquals(List.of(), s.cpuPerCpuNanos());
        assertEquals(List.of(), s.ioServiced());
    }
}
