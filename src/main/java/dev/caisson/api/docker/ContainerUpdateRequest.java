package dev.caisson.api.docker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.caisson.engine.cgroup.Resources;

/**
 * The body of POST /containers/{id}/update: Docker's resource fields (the docker CLI sends
 * all of them, 0 or "" meaning "leave as it is"); RestartPolicy when it names one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ContainerUpdateRequest(
        @JsonProperty("Memory") Long memory,
        @JsonProperty("MemorySwap") Long memorySwap,
        @JsonProperty("MemoryReservation") Long memoryReservation,
        @JsonProperty("NanoCpus") Long nanoCpus,
        @JsonProperty("CpuShares") Long cpuShares,
        @JsonProperty("CpuPeriod") Long cpuPeriod,
        @JsonProperty("CpuQuota") Long cpuQuota,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("BlkioWeight") Integer blkioWeight,
        @JsonProperty("RestartPolicy") ContainerCreateRequest.RestartPolicyDto restartPolicy) {

    /** The changes as engine Resources: null for every field that keeps its value. */
    Resources toResources() {
        return new Resources(nonZero(memory), nonZero(memorySwap), nonZero(memoryReservation), nonZero(cpuShares),
                nonZero(cpuQuota), nonZero(cpuPeriod), nonZero(nanoCpus), blank(cpusetCpus), blank(cpusetMems),
                pidsLimit, blkioWeight == null || blkioWeight == 0 ? null : blkioWeight, null);
    }

    private static Long nonZero(Long v) {
        return v == null || v == 0 ? null : v;
    }

    private static String blank(String v) {
        return v == null || v.isEmpty() ? null : v;
    }
}
