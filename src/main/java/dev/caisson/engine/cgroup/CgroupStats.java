package dev.caisson.engine.cgroup;

import java.util.List;
import java.util.Map;

/**
 * One sample of a container's cgroup counters, already in the units Docker's stats JSON uses
 * (bytes, nanoseconds). Counters a host does not provide are 0 / empty.
 *
 * @param memoryLimit  bytes; {@link Long#MAX_VALUE} or the kernel's page-rounded maximum when unlimited
 * @param memoryCache  page cache bytes (v1 "cache", v2 "file")
 * @param pidsLimit    0 means unlimited
 */
public record CgroupStats(long memoryUsage, long memoryMaxUsage, long memoryLimit, long memoryCache,
        Map<String, Long> memoryStat, long oomKills, long cpuTotalNanos, List<Long> cpuPerCpuNanos,
        long cpuUserNanos, long cpuSystemNanos, long throttlingPeriods, long throttledPeriods,
        long throttledNanos, long pidsCurrent, long pidsLimit, List<BlkioEntry> ioServiceBytes,
        List<BlkioEntry> ioServiced) {

    /** One row of Docker's blkio_stats: a device, an operation name and a counter. */
    public record BlkioEntry(long major, long minor, String op, long value) {
    }
}
