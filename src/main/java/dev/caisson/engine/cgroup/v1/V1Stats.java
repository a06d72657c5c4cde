package dev.caisson.engine.cgroup.v1;

import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.cgroup.CgroupStats.BlkioEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns v1 control files into {@link CgroupStats}. Takes a file-name → content function
 * ("" for a missing file) so golden samples can stand in for a live cgroup.
 */
final class V1Stats {

    /**
     * cpuacct.stat counts in USER_HZ ticks. USER_HZ is 100 on every Linux ABI the JVM runs
     * on (it is fixed for user space, unlike the kernel's HZ), so one tick is 10 ms.
     */
    static final long NANOS_PER_TICK = 10_000_000L;

    private V1Stats() {
    }

    static CgroupStats parse(Function<String, String> files) {
        Map<String, Long> memoryStat = CgroupFiles.parseKeyValues(files.apply("memory.stat"));
        Map<String, Long> oom = CgroupFiles.parseKeyValues(files.apply("memory.oom_control"));
        Map<String, Long> cpuacct = CgroupFiles.parseKeyValues(files.apply("cpuacct.stat"));
        Map<String, Long> cpu = CgroupFiles.parseKeyValues(files.apply("cpu.stat"));
        List<Long> perCpu = new ArrayList<>();
        for (String n : files.apply("cpuacct.usage_percpu").trim().split("\\s+")) {
            if (!n.isEmpty()) {
                perCpu.add(Long.parseLong(n));
            }
        }
        return new CgroupStats(
                num(files, "memory.usage_in_bytes"),
                num(files, "memory.max_usage_in_bytes"),
                num(files, "memory.limit_in_bytes"),
                memoryStat.getOrDefault("cache", 0L),
                memoryStat,
                oom.getOrDefault("oom_kill", 0L),
                num(files, "cpuacct.usage"),
                List.copyOf(perCpu),
                cpuacct.getOrDefault("user", 0L) * NANOS_PER_TICK,
                cpuacct.getOrDefault("system", 0L) * NANOS_PER_TICK,
                cpu.getOrDefault("nr_periods", 0L),
                cpu.getOrDefault("nr_throttled", 0L),
                cpu.getOrDefault("throttled_time", 0L),
                num(files, "pids.current"),
                num(files, "pids.max"),
                blkio(files.apply("blkio.throttle.io_service_bytes_recursive")),
                blkio(files.apply("blkio.throttle.io_serviced_recursive")));
    }

    /** "8:0 Read 4096" rows; the trailing "Total N" row has no device and is dropped, as Docker does. */
    static List<BlkioEntry> blkio(String text) {
        List<BlkioEntry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 3) {
                continue;
            }
            String[] dev = parts[0].split(":");
            if (dev.length != 2) {
                continue;
            }
            entries.add(new BlkioEntry(Long.parseLong(dev[0]), Long.parseLong(dev[1]), parts[1],
                    Long.parseLong(parts[2])));
        }
        return List.copyOf(entries);
    }

    private static long num(Function<String, String> files, String name) {
        // "max" (pids.max) reads as 0, which CgroupStats defines as unlimited
        return CgroupFiles.parseLong(files.apply(name), 0);
    }
}
