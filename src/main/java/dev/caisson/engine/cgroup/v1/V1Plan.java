package dev.caisson.engine.cgroup.v1;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.cgroup.CgroupWrite;
import dev.caisson.engine.cgroup.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the v1 control-file writes for a {@link Resources}, as plain values. What the host
 * offers (which controllers are mounted, whether swap accounting exists, which blkio weight
 * file the IO scheduler exposes, the current limits) comes through {@link Host} so the
 * decisions are testable without root.
 */
final class V1Plan {

    /** What the plan needs to know about the cgroup it will be applied to. */
    interface Host {
        boolean hasController(String controller);

        /** Does the control file exist in the container's cgroup dir? */
        boolean exists(String file);

        /** Current numeric value of a control file; −1 or a huge number means unlimited. */
        long current(String file);
    }

    /** Docker's default device allow-list, applied after denying everything. */
    static final List<String> DEFAULT_DEVICE_RULES = List.of(
            "c *:* m", "b *:* m",
            "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
            "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm");

    private V1Plan() {
    }

    /** The writes for a new cgroup: the device list first, then the limits. */
    static List<CgroupWrite> forCreate(Resources r, Host host) {
        List<CgroupWrite> writes = new ArrayList<>();
        if (host.hasController("devices")) {
            writes.add(new CgroupWrite("devices.deny", "a"));
            for (String rule : DEFAULT_DEVICE_RULES) {
                writes.add(new CgroupWrite("devices.allow", rule));
            }
        }
        writes.addAll(limits(r, host, false));
        return writes;
    }

    /** The writes that change limits; devices are left as they are. */
    static List<CgroupWrite> forUpdate(Resources r, Host host) {
        return limits(r, host, true);
    }

    private static List<CgroupWrite> limits(Resources r, Host host, boolean update) {
        List<CgroupWrite> w = new ArrayList<>();
        if (r.cpusetCpus() != null) {
            w.add(need(host, "cpuset", "cpusetCpus", new CgroupWrite("cpuset.cpus", r.cpusetCpus())));
        }
        if (r.cpusetMems() != null) {
            w.add(need(host, "cpuset", "cpusetMems", new CgroupWrite("cpuset.mems", r.cpusetMems())));
        }
        memory(r, host, update, w);
        if (r.cpuShares() != null && r.cpuShares() > 0) {
            w.add(need(host, "cpu", "cpuShares", new CgroupWrite("cpu.shares", r.cpuShares().toString())));
        }
        // period before quota: the quota is checked against the period already in place
        Long period = r.effectiveCpuPeriod();
        if (period != null && period > 0) {
            w.add(need(host, "cpu", "cpuPeriod", new CgroupWrite("cpu.cfs_period_us", period.toString())));
        }
        Long quota = r.effectiveCpuQuota();
        if (quota != null && quota != 0) {
            w.add(need(host, "cpu", "cpuQuota", new CgroupWrite("cpu.cfs_quota_us", quota < 0 ? "-1" : quota.toString())));
        }
        if (r.pidsLimit() != null) {
            // Docker: zero or negative means unlimited
            String value = r.pidsLimit() > 0 ? r.pidsLimit().toString() : "max";
            w.add(need(host, "pids", "pidsLimit", new CgroupWrite("pids.max", value)));
        }
        if (r.blkioWeight() != null && r.blkioWeight() > 0) {
            // CFQ offered blkio.weight; with BFQ only blkio.bfq.weight exists (same 10..1000 range);
            // with neither (mq-deadline, none) Docker discards the weight, and so do we
            if (host.exists("blkio.weight")) {
                w.add(new CgroupWrite("blkio.weight", r.blkioWeight().toString()));
            } else if (host.exists("blkio.bfq.weight")) {
                w.add(new CgroupWrite("blkio.bfq.weight", r.blkioWeight().toString()));
            }
        }
        return w;
    }

    /**
     * The kernel rejects memory.limit_in_bytes above memory.memsw.limit_in_bytes at every
     * moment, so the order of the two writes depends on which way the limits move.
     */
    private static void memory(Resources r, Host host, boolean update, List<CgroupWrite> w) {
        Long memory = r.memory() != null && r.memory() != 0 ? r.memory() : null;
        Long swap = r.memorySwap() != null && r.memorySwap() != 0 ? r.memorySwap() : null;
        if (memory != null || swap != null || r.memoryReservation() != null || r.oomKillDisable() != null) {
            need(host, "memory", "memory", null);
        }
        // without swap accounting Docker warns "Memory limited without swap" and drops the swap value
        boolean memsw = swap != null && host.exists("memory.memsw.limit_in_bytes");
        CgroupWrite memWrite = memory == null ? null : new CgroupWrite("memory.limit_in_bytes", memory.toString());
        CgroupWrite swapWrite = memsw ? new CgroupWrite("memory.memsw.limit_in_bytes", swap.toString()) : null;
        long currentSwap = unlimitedAsMax(host.exists("memory.memsw.limit_in_bytes")
                ? host.current("memory.memsw.limit_in_bytes") : -1);
        if (memWrite != null && swapWrite != null) {
            if (unlimitedAsMax(swap) >= currentSwap) {
                w.add(swapWrite);
                w.add(memWrite);
            } else {
                w.add(memWrite);
                w.add(swapWrite);
            }
        } else if (memWrite != null) {
            if (update && unlimitedAsMax(memory) > currentSwap) {
                throw new InvalidArgumentException("Memory limit should be smaller than already set "
                        + "memoryswap limit, update the memoryswap at the same time");
            }
            w.add(memWrite);
        } else if (swapWrite != null) {
            w.add(swapWrite);
        }
        if (r.memoryReservation() != null && r.memoryReservation() != 0) {
            w.add(new CgroupWrite("memory.soft_limit_in_bytes", r.memoryReservation().toString()));
        }
        if (r.oomKillDisable() != null) {
            w.add(new CgroupWrite("memory.oom_control", r.oomKillDisable() ? "1" : "0"));
        }
    }

    private static long unlimitedAsMax(long v) {
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /** A limit the user asked for on a controller this host has not mounted is an error, not a no-op. */
    private static CgroupWrite need(Host host, String controller, String field, CgroupWrite write) {
        if (!host.hasController(controller)) {
            throw new InvalidArgumentException("cannot apply " + field + ": cgroup controller \""
                    + controller + "\" is not mounted on this host");
        }
        return write;
    }
}
