package dev.caisson.engine.cgroup.v2;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.cgroup.CgroupWrite;
import dev.caisson.engine.cgroup.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the cgroup2 writes for a {@link Resources}, converting Docker's v1-shaped values
 * (shares, blkio weight, memory+swap) to v2 files the way runc does, so a container gets the
 * same relative treatment on either host.
 */
final class V2Plan {

    /** What the plan needs to know about the cgroup it will be applied to. */
    interface Host {
        /** Is the controller enabled for this cgroup (listed in its cgroup.controllers)? */
        boolean hasController(String controller);

        boolean exists(String file);

        /** A control file's current content, "" if absent. */
        String read(String file);
    }

    private V2Plan() {
    }

    static List<CgroupWrite> writes(Resources r, Host host) {
        List<CgroupWrite> w = new ArrayList<>();
        if (r.cpusetCpus() != null) {
            w.add(need(host, "cpuset", "cpusetCpus", new CgroupWrite("cpuset.cpus", r.cpusetCpus())));
        }
        if (r.cpusetMems() != null) {
            w.add(need(host, "cpuset", "cpusetMems", new CgroupWrite("cpuset.mems", r.cpusetMems())));
        }
        memory(r, host, w);
        if (r.cpuShares() != null && r.cpuShares() > 0) {
            w.add(need(host, "cpu", "cpuShares", new CgroupWrite("cpu.weight", Long.toString(sharesToWeight(r.cpuShares())))));
        }
        Long quota = r.effectiveCpuQuota();
        Long period = r.effectiveCpuPeriod();
        if ((quota != null && quota != 0) || (period != null && period != 0)) {
            need(host, "cpu", "cpuQuota/cpuPeriod", null);
            // cpu.max holds both numbers; the one not being changed keeps its current value
            String[] current = host.read("cpu.max").trim().split("\\s+");
            String q = quota != null && quota != 0 ? (quota < 0 ? "max" : quota.toString())
                    : current.length == 2 ? current[0] : "max";
            String p = period != null && period != 0 ? period.toString()
                    : current.length == 2 ? current[1] : Long.toString(Resources.DEFAULT_CPU_PERIOD);
            w.add(new CgroupWrite("cpu.max", q + " " + p));
        }
        if (r.pidsLimit() != null) {
            String value = r.pidsLimit() > 0 ? r.pidsLimit().toString() : "max";
            w.add(need(host, "pids", "pidsLimit", new CgroupWrite("pids.max", value)));
        }
        if (r.blkioWeight() != null && r.blkioWeight() > 0) {
            need(host, "io", "blkioWeight", null);
            // BFQ takes the v1 range as is; io.weight has its own 1..10000 scale.
            // With neither file (no weight-capable scheduler) Docker discards the weight.
            if (host.exists("io.bfq.weight")) {
                w.add(new CgroupWrite("io.bfq.weight", r.blkioWeight().toString()));
            } else if (host.exists("io.weight")) {
                w.add(new CgroupWrite("io.weight", "default " + blkioToIoWeight(r.blkioWeight())));
            }
        }
        // oomKillDisable has no v2 equivalent; Docker discards it there with a warning
        return w;
    }

    private static void memory(Resources r, Host host, List<CgroupWrite> w) {
        Long memory = r.memory() != null && r.memory() != 0 ? r.memory() : null;
        Long swap = r.memorySwap() != null && r.memorySwap() != 0 ? r.memorySwap() : null;
        if (memory != null || swap != null || r.memoryReservation() != null) {
            need(host, "memory", "memory", null);
        }
        if (memory != null) {
            w.add(new CgroupWrite("memory.max", memory < 0 ? "max" : memory.toString()));
        }
        // v2 limits swap alone while Docker's value is memory+swap; without swap accounting
        // (no memory.swap.max) Docker drops the swap value with a warning
        if (swap != null && host.exists("memory.swap.max")) {
            long mem = memory != null ? memory : parseMax(host.read("memory.max"));
            String value;
            if (swap < 0 || mem < 0) {
                value = "max";
            } else if (swap < mem) {
                throw new InvalidArgumentException("Minimum memoryswap limit should be larger than memory limit, see usage");
            } else {
                value = Long.toString(swap - mem);
            }
            w.add(new CgroupWrite("memory.swap.max", value));
        }
        if (r.memoryReservation() != null && r.memoryReservation() != 0) {
            long low = r.memoryReservation();
            w.add(new CgroupWrite("memory.low", low < 0 ? "max" : Long.toString(low)));
        }
    }

    /** runc's mapping of v1 cpu.shares [2, 262144] onto v2 cpu.weight [1, 10000]. */
    static long sharesToWeight(long shares) {
        return 1 + ((shares - 2) * 9999) / 262142;
    }

    /** runc's mapping of blkio weight [10, 1000] onto io.weight [1, 10000]. */
    static long blkioToIoWeight(long weight) {
        return 1 + ((weight - 10) * 9999) / 990;
    }

    private static long parseMax(String text) {
        String t = text.trim();
        return t.isEmpty() || t.equals("max") ? -1 : Long.parseLong(t);
    }

    private static CgroupWrite need(Host host, String controller, String field, CgroupWrite write) {
        if (!host.hasController(controller)) {
            throw new InvalidArgumentException("cannot apply " + field + ": cgroup controller \""
                    + controller + "\" is not available in this cgroup2 tree");
        }
        return write;
    }
}
