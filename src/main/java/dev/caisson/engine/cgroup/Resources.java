package dev.caisson.engine.cgroup;

import dev.caisson.engine.InvalidArgumentException;

/**
 * Resource limits for one container, with Docker's field meanings. {@code null} means "not set":
 * on create the kernel default stays, on update the current value stays.
 *
 * <p>{@code memorySwap} is memory plus swap (−1 unlimited), {@code nanoCpus} is CPUs × 1e9 and
 * becomes a CFS quota over a 100 ms period. Validation mirrors the Docker daemon's checks and
 * messages so API clients see the errors they expect.
 */
public record Resources(Long memory, Long memorySwap, Long memoryReservation, Long cpuShares,
        Long cpuQuota, Long cpuPeriod, Long nanoCpus, String cpusetCpus, String cpusetMems,
        Long pidsLimit, Integer blkioWeight, Boolean oomKillDisable) {

    /** Docker's floor: below this the container cannot even start its init reliably. */
    public static final long MIN_MEMORY = 6L * 1024 * 1024;
    /** CFS period used when the limit comes from nanoCpus (Docker's choice). */
    public static final long DEFAULT_CPU_PERIOD = 100_000;

    public static Resources none() {
        return new Resources(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public Resources withMemory(Long v) { return new Resources(v, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod, nanoCpus, cpusetCpus, cpusetMems, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withMemorySwap(Long v) { return new Resources(memory, v, memoryReservation, cpuShares, cpuQuota, cpuPeriod, nanoCpus, cpusetCpus, cpusetMems, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withMemoryReservation(Long v) { return new Resources(memory, memorySwap, v, cpuShares, cpuQuota, cpuPeriod, nanoCpus, cpusetCpus, cpusetMems, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withCpuShares(Long v) { return new Resources(memory, memorySwap, memoryReservation, v, cpuQuota, cpuPeriod, nanoCpus, cpusetCpus, cpusetMems, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withCpuQuota(Long v) { return new Resources(memory, memorySwap, memoryReservation, cpuShares, v, cpuPeriod, nanoCpus, cpusetCpus, cpusetMems, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withCpuPeriod(Long v) { return new Resources(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, v, nanoCpus, cpusetCpus, cpusetMems, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withNanoCpus(Long v) { return new Resources(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod, v, cpusetCpus, cpusetMems, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withCpusetCpus(String v) { return new Resources(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod, nanoCpus, v, cpusetMems, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withCpusetMems(String v) { return new Resources(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod, nanoCpus, cpusetCpus, v, pidsLimit, blkioWeight, oomKillDisable); }
    public Resources withPidsLimit(Long v) { return new Resources(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod, nanoCpus, cpusetCpus, cpusetMems, v, blkioWeight, oomKillDisable); }
    public Resources withBlkioWeight(Integer v) { return new Resources(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod, nanoCpus, cpusetCpus, cpusetMems, pidsLimit, v, oomKillDisable); }
    public Resources withOomKillDisable(Boolean v) { return new Resources(memory, memorySwap, memoryReservation, cpuShares, cpuQuota, cpuPeriod, nanoCpus, cpusetCpus, cpusetMems, pidsLimit, blkioWeight, v); }

    /**
     * Docker's create-time default: a memory limit without a swap setting allows as much swap
     * as memory (memory+swap = 2 × memory). Applied by the caller on create only, because on
     * update an absent swap value means "keep what is there".
     */
    public Resources withDockerSwapDefault() {
        if (memory != null && memory > 0 && memorySwap == null) {
            return withMemorySwap(memory * 2);
        }
        return this;
    }

    /** The CFS quota to write, or null: nanoCpus turned into a quota over the default period. */
    public Long effectiveCpuQuota() {
        if (nanoCpus != null && nanoCpus > 0) {
            return nanoCpus * DEFAULT_CPU_PERIOD / 1_000_000_000L;
        }
        return cpuQuota;
    }

    /** The CFS period to write, or null. */
    public Long effectiveCpuPeriod() {
        if (nanoCpus != null && nanoCpus > 0) {
            return DEFAULT_CPU_PERIOD;
        }
        return cpuPeriod;
    }

    /**
     * Docker's checks, same order and wording. {@code update} relaxes the "swap needs memory"
     * rule because an update may change swap alone while memory stays as it was.
     */
    public void validate(int hostCpus, boolean update) {
        long mem = memory == null ? 0 : memory;
        long swap = memorySwap == null ? 0 : memorySwap;
        long reservation = memoryReservation == null ? 0 : memoryReservation;
        if (mem != 0 && mem < MIN_MEMORY) {
            throw invalid("Minimum memory limit allowed is 6MB");
        }
        if (mem > 0 && swap > 0 && swap < mem) {
            throw invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (mem == 0 && swap > 0 && !update) {
            throw invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (mem > 0 && reservation > 0 && mem < reservation) {
            throw invalid("Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        if (reservation > 0 && reservation < MIN_MEMORY) {
            throw invalid("Minimum memory reservation allowed is 6MB");
        }
        long nano = nanoCpus == null ? 0 : nanoCpus;
        if (nano > 0 && cpuPeriod != null && cpuPeriod > 0) {
            throw invalid("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        }
        if (nano > 0 && cpuQuota != null && cpuQuota > 0) {
            throw invalid("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        }
        if (nano < 0 || nano > hostCpus * 1_000_000_000L) {
            throw invalid("Range of CPUs is from 0.01 to " + hostCpus + ".00, as there are only "
                    + hostCpus + " CPUs available");
        }
        if (cpuPeriod != null && cpuPeriod != 0 && (cpuPeriod < 1000 || cpuPeriod > 1_000_000)) {
            throw invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        }
        if (cpuQuota != null && cpuQuota > 0 && cpuQuota < 1000) {
            throw invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        if (blkioWeight != null && blkioWeight > 0 && (blkioWeight < 10 || blkioWeight > 1000)) {
            throw invalid("Range of blkio weight is from 10 to 1000");
        }
    }

    private static InvalidArgumentException invalid(String message) {
        return new InvalidArgumentException(message);
    }
}
