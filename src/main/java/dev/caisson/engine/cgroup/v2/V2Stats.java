package dev.caisson.engine.cgroup.v2;

import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.cgroup.CgroupStats.BlkioEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns cgroup2 control files into {@link CgroupStats}; "" stands for a missing file. */
final class V2Stats {

    private V2Stats() {
    }

    static CgroupStats parse(Function<String, String> files) {
        Map<String, Long> memoryStat = CgroupFiles.parseKeyValues(files.apply("memory.stat"));
        Map<String, Long> events = CgroupFiles.parseKeyValues(files.apply("memory.events"));
        Map<String, Long> cpu = CgroupFiles.parseKeyValues(files.apply("cpu.stat"));
        List<BlkioEntry> bytes = new ArrayList<>();
        List<BlkioEntry> ops = new ArrayList<>();
        ioStat(files.apply("io.stat"), bytes, ops);
        return new CgroupStats(
                CgroupFiles.parseLong(files.apply("memory.current"), 0),
                // memory.peak appeared in 5.19; older kernels have no peak to report
                CgroupFiles.parseLong(files.apply("memory.peak"), 0),
                CgroupFiles.parseLong(files.apply("memory.max"), Long.MAX_VALUE),
                memoryStat.getOrDefault("file", 0L),
                memoryStat,
                events.getOrDefault("oom_kill", 0L),
                cpu.getOrDefault("usage_usec", 0L) * 1000,
                List.of(), // v2 has no per-CPU usage; Docker leaves percpu_usage empty too
                cpu.getOrDefault("user_usec", 0L) * 1000,
                cpu.getOrDefault("system_usec", 0L) * 1000,
                cpu.getOrDefault("nr_periods", 0L),
                cpu.getOrDefault("nr_throttled", 0L),
                cpu.getOrDefault("throttled_usec", 0L) * 1000,
                CgroupFiles.parseLong(files.apply("pids.current"), 0),
                CgroupFiles.parseLong(files.apply("pids.max"), 0),
                List.copyOf(bytes),
                List.copyOf(ops));
    }

    /**
     * "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" per device. Docker's v2 stats
     * report these as blkio rows with lower-case ops "read"/"write"; discard counters are not shown.
     */
    static void ioStat(String text, List<BlkioEntry> bytes, List<BlkioEntry> ops) {
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            String[] dev = parts[0].split(":");
            if (dev.length != 2) {
                continue;
            }
            long major = Long.parseLong(dev[0]);
            long minor = Long.parseLong(dev[1]);
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=");
                if (kv.length != 2) {
                    continue;
                }
                long v = Long.parseLong(kv[1]);
                switch (kv[0]) {
                    case "rbytes" -> bytes.add(new BlkioEntry(major, minor, "read", v));
                    case "wbytes" -> bytes.add(new BlkioEntry(major, minor, "write", v));
                    case "rios" -> ops.add(new BlkioEntry(major, minor, "read", v));
                    case "wios" -> ops.add(new BlkioEntry(major, minor, "write", v));
                    default -> { }
                }
            }
        }
    }
}
