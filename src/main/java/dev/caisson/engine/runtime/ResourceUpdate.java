package dev.caisson.engine.runtime;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.cgroup.Resources;

/**
 * Docker's rules for `docker update`: a zero or absent field keeps the current value; a CFS
 * limit cannot switch between NanoCpus and Period/Quota; a new memory limit needs the
 * memory+swap limit updated with it unless it stays below the one already set (Docker
 * compares with the recorded value, so an unset swap limit counts as 0). PidsLimit 0 or
 * -1 means unlimited and is recorded as 0.
 */
final class ResourceUpdate {
    private ResourceUpdate() {
    }

    static Resources merge(String id, Resources current, Resources change) {
        if (set(change.nanoCpus()) && set(current.cpuPeriod())) {
            throw conflict(id, "Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
        }
        if (set(change.nanoCpus()) && set(current.cpuQuota())) {
            throw conflict(id, "Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
        }
        if (set(change.cpuPeriod()) && set(current.nanoCpus())) {
            throw conflict(id, "Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        }
        if (set(change.cpuQuota()) && set(current.nanoCpus())) {
            throw conflict(id, "Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        }
        Resources r = current;
        if (set(change.memory())) {
            long swap = current.memorySwap() == null ? 0 : current.memorySwap();
            if (change.memory() > swap && !set(change.memorySwap())) {
                throw conflict(id, "Memory limit should be smaller than already set memoryswap limit, "
                        + "update the memoryswap at the same time");
            }
            r = r.withMemory(change.memory());
        }
        if (set(change.memorySwap())) {
            r = r.withMemorySwap(change.memorySwap());
        }
        if (set(change.memoryReservation())) {
            r = r.withMemoryReservation(change.memoryReservation());
        }
        if (set(change.cpuShares())) {
            r = r.withCpuShares(change.cpuShares());
        }
        if (set(change.nanoCpus())) {
            r = r.withNanoCpus(change.nanoCpus());
        }
        if (set(change.cpuPeriod())) {
            r = r.withCpuPeriod(change.cpuPeriod());
        }
        if (set(change.cpuQuota())) {
            r = r.withCpuQuota(change.cpuQuota());
        }
        if (change.cpusetCpus() != null && !change.cpusetCpus().isEmpty()) {
            r = r.withCpusetCpus(change.cpusetCpus());
        }
        if (change.cpusetMems() != null && !change.cpusetMems().isEmpty()) {
            r = r.withCpusetMems(change.cpusetMems());
        }
        if (change.blkioWeight() != null && change.blkioWeight() != 0) {
            r = r.withBlkioWeight(change.blkioWeight());
        }
        if (change.pidsLimit() != null) {
            r = r.withPidsLimit(change.pidsLimit() <= 0 ? 0L : change.pidsLimit());
        }
        return r;
    }

    private static boolean set(Long v) {
        return v != null && v != 0;
    }

    private static ConflictException conflict(String id, String message) {
        return new ConflictException("Cannot update container " + id + ": " + message);
    }
}
