package dev.caisson.api.docker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.network.InterfaceCounters;
import dev.caisson.engine.runtime.Container;

/**
 * One stats sample in the JSON `docker stats` reads (Docker's types.StatsJSON). Cgroup v1 and
 * v2 differ as in Docker: v2 has no per-CPU usage and no max_usage, and names its memory
 * counters differently. A container that does not run gets Docker's all-zero document.
 */
final class ContainerStatsView {
    /** One reading: the container's counters and the host's CPU time at the same moment. */
    record Sample(Instant read, CgroupStats cgroup, HostStats host, Map<String, InterfaceCounters> networks) {
    }

    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    /** The memory.stat keys Docker passes through on v1 (the rest, e.g. swap and shmem, it drops). */
    private static final List<String> V1_MEMORY = List.of("active_anon", "active_file", "cache", "dirty",
            "hierarchical_memory_limit", "hierarchical_memsw_limit", "inactive_anon", "inactive_file", "mapped_file",
            "pgfault", "pgmajfault", "pgpgin", "pgpgout", "rss", "rss_huge", "total_active_anon", "total_active_file",
            "total_cache", "total_dirty", "total_inactive_anon", "total_inactive_file", "total_mapped_file",
            "total_pgfault", "total_pgmajfault", "total_pgpgin", "total_pgpgout", "total_rss", "total_rss_huge",
            "total_unevictable", "total_writeback", "unevictable", "writeback");
    /** The memory.stat keys Docker reports on v2 (0 when this kernel has no such counter). */
    private static final List<String> V2_MEMORY = List.of("active_anon", "active_file", "anon", "anon_thp", "file",
            "file_dirty", "file_mapped", "file_writeback", "inactive_anon", "inactive_file", "kernel_stack",
            "pgactivate", "pgdeactivate", "pgfault", "pglazyfree", "pglazyfreed", "pgmajfault", "pgrefill", "pgscan",
            "pgsteal", "shmem", "slab", "slab_reclaimable", "slab_unreclaimable", "sock", "thp_collapse_alloc",
            "thp_fault_alloc", "unevictable", "workingset_activate", "workingset_nodereclaim", "workingset_refault");
    private static final List<String> BLKIO = List.of("io_service_bytes_recursive", "io_serviced_recursive",
            "io_queue_recursive", "io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive",
            "io_time_recursive", "sectors_recursive");

    private ContainerStatsView() {
    }

    /** @param pre the previous sample, or null (one-shot and the first of a stream) */
    static Map<String, Object> render(Container c, Sample now, Sample pre, int cgroupVersion, long memTotal) {
        boolean v1 = cgroupVersion == 1;
        CgroupStats s = now.cgroup();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("read", now.read().toString());
        m.put("preread", pre == null ? ZERO_TIME : pre.read().toString());
        Map<String, Object> pids = new LinkedHashMap<>();
        pids.put("current", s.pidsCurrent());
        if (s.pidsLimit() > 0) {
            pids.put("limit", s.pidsLimit());
        }
        m.put("pids_stats", pids);
        Map<String, Object> blkio = new LinkedHashMap<>();
        for (String k : BLKIO) {
            List<CgroupStats.BlkioEntry> rows = k.equals(BLKIO.get(0)) ? s.ioServiceBytes()
                    : k.equals(BLKIO.get(1)) ? s.ioServiced() : List.of();
            // v1 lists are always there (maybe empty); v2 has counters for two and leaves empty ones null
            blkio.put(k, !v1 && rows.isEmpty() ? null : blkioRows(rows));
        }
        m.put("blkio_stats", blkio);
        m.put("num_procs", 0);
        m.put("storage_stats", Map.of());
        m.put("cpu_stats", cpu(now, v1));
        m.put("precpu_stats", pre == null ? zeroCpu() : cpu(pre, v1));
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("usage", s.memoryUsage());
        if (v1) {
            mem.put("max_usage", s.memoryMaxUsage());
        }
        Map<String, Long> stat = new LinkedHashMap<>();
        for (String k : v1 ? V1_MEMORY : V2_MEMORY) {
            if (!v1 || s.memoryStat().containsKey(k)) {
                stat.put(k, s.memoryStat().getOrDefault(k, 0L));
            }
        }
        mem.put("stats", stat);
        // an unlimited cgroup reports a huge number: Docker shows the host's memory instead
        mem.put("limit", s.memoryLimit() <= 0 || s.memoryLimit() > memTotal ? memTotal : s.memoryLimit());
        m.put("memory_stats", mem);
        m.put("name", "/" + c.name());
        m.put("id", c.id());
        if (!now.networks().isEmpty()) {   // Docker leaves it out for a container without a network of its own
            Map<String, Object> nets = new LinkedHashMap<>();
            now.networks().forEach((name, n) -> nets.put(name, network(n)));
            m.put("networks", nets);
        }
        return m;
    }

    private static Map<String, Object> network(InterfaceCounters n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rx_bytes", n.rxBytes());
        m.put("rx_packets", n.rxPackets());
        m.put("rx_errors", n.rxErrors());
        m.put("rx_dropped", n.rxDropped());
        m.put("tx_bytes", n.txBytes());
        m.put("tx_packets", n.txPackets());
        m.put("tx_errors", n.txErrors());
        m.put("tx_dropped", n.txDropped());
        return m;
    }

    /** What Docker answers for a container that is not running. */
    static Map<String, Object> zero(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("read", ZERO_TIME);
        m.put("preread", ZERO_TIME);
        m.put("pids_stats", Map.of());
        Map<String, Object> blkio = new LinkedHashMap<>();
        BLKIO.forEach(k -> blkio.put(k, null));
        m.put("blkio_stats", blkio);
        m.put("num_procs", 0);
        m.put("storage_stats", Map.of());
        m.put("cpu_stats", zeroCpu());
        m.put("precpu_stats", zeroCpu());
        m.put("memory_stats", Map.of());
        m.put("name", "/" + c.name());
        m.put("id", c.id());
        return m;
    }

    private static Map<String, Object> cpu(Sample sample, boolean v1) {
        CgroupStats s = sample.cgroup();
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total_usage", s.cpuTotalNanos());
        if (v1 && !s.cpuPerCpuNanos().isEmpty()) {
            usage.put("percpu_usage", s.cpuPerCpuNanos());
        }
        usage.put("usage_in_kernelmode", s.cpuSystemNanos());
        usage.put("usage_in_usermode", s.cpuUserNanos());
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("cpu_usage", usage);
        cpu.put("system_cpu_usage", sample.host().systemCpuNanos());
        cpu.put("online_cpus", sample.host().onlineCpus());
        cpu.put("throttling_data", throttling(s.throttlingPeriods(), s.throttledPeriods(), s.throttledNanos()));
        return cpu;
    }

    private static Map<String, Object> zeroCpu() {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("total_usage", 0);
        usage.put("usage_in_kernelmode", 0);
        usage.put("usage_in_usermode", 0);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("cpu_usage", usage);
        cpu.put("throttling_data", throttling(0, 0, 0));
        return cpu;
    }

    private static Map<String, Object> throttling(long periods, long throttled, long nanos) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("periods", periods);
        t.put("throttled_periods", throttled);
        t.put("throttled_time", nanos);
        return t;
    }

    private static List<Map<String, Object>> blkioRows(List<CgroupStats.BlkioEntry> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CgroupStats.BlkioEntry e : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("major", e.major());
            r.put("minor", e.minor());
            r.put("op", e.op());
            r.put("value", e.value());
            out.add(r);
        }
        return out;
    }
}
