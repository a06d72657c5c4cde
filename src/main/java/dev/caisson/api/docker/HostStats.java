package dev.caisson.api.docker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host figures Docker puts beside a container's counters: system_cpu_usage (the sum of
 * the first seven fields of /proc/stat's "cpu" line, user to softirq, in clock ticks turned
 * into nanoseconds: the CLI divides the container's CPU time by it), the online CPUs (the
 * per-CPU lines there) and MemTotal, the memory limit of an unlimited container.
 */
record HostStats(long systemCpuNanos, int onlineCpus) {
    /** USER_HZ: 100 on every Linux ABI, fixed for user space (see V1Stats). */
    private static final long NANOS_PER_TICK = 10_000_000L;

    static HostStats read() {
        return parse(readProc("/proc/stat"));
    }

    static HostStats parse(String procStat) {
        long ticks = 0;
        int cpus = 0;
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                for (int i = 1; i <= 7 && i < f.length; i++) {
                    ticks += Long.parseLong(f[i]);
                }
            } else if (line.startsWith("cpu")) {
                cpus++;
            }
        }
        return new HostStats(ticks * NANOS_PER_TICK, cpus);
    }

    static long memTotal() {
        for (String line : readProc("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static String readProc(String path) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {   // /proc files report size 0: read to the end
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
