package dev.caisson.api.docker;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of POST /containers/create (Docker's Config with HostConfig), wire names kept. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ContainerCreateRequest(
        @JsonProperty("Image") String image,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("User") String user,
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Tty") Boolean tty,
        @JsonProperty("OpenStdin") Boolean openStdin,
        @JsonProperty("StdinOnce") Boolean stdinOnce,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("StopTimeout") Integer stopTimeout,
        @JsonProperty("Healthcheck") HealthcheckDto healthcheck,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("NetworkingConfig") NetworkingConfig networkingConfig,
        @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record HostConfig(
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
            @JsonProperty("OomKillDisable") Boolean oomKillDisable,
            @JsonProperty("BlkioWeight") Integer blkioWeight,
            @JsonProperty("Ulimits") List<UlimitDto> ulimits,
            @JsonProperty("Binds") List<String> binds,
            @JsonProperty("Tmpfs") Map<String, String> tmpfs,
            @JsonProperty("ReadonlyRootfs") Boolean readonlyRootfs,
            @JsonProperty("NetworkMode") String networkMode,
            @JsonProperty("CapAdd") List<String> capAdd,
            @JsonProperty("CapDrop") List<String> capDrop,
            @JsonProperty("Privileged") Boolean privileged,
            @JsonProperty("GroupAdd") List<String> groupAdd,
            @JsonProperty("AutoRemove") Boolean autoRemove,
            @JsonProperty("Init") Boolean init,
            @JsonProperty("RestartPolicy") RestartPolicyDto restartPolicy,
            @JsonProperty("Dns") List<String> dns,
            @JsonProperty("DnsSearch") List<String> dnsSearch,
            @JsonProperty("DnsOptions") List<String> dnsOptions,
            @JsonProperty("ExtraHosts") List<String> extraHosts,
            @JsonProperty("PortBindings") Map<String, List<Map<String, String>>> portBindings,
            @JsonProperty("PublishAllPorts") Boolean publishAllPorts,
            // read for the guard rails (GuardedOptions): refused for non-admins even where the engine lacks them
            @JsonProperty("PidMode") String pidMode,
            @JsonProperty("IpcMode") String ipcMode,
            @JsonProperty("UTSMode") String utsMode,
            @JsonProperty("UsernsMode") String usernsMode,
            @JsonProperty("Devices") List<Object> devices,
            @JsonProperty("DeviceRequests") List<Object> deviceRequests,
            @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
            @JsonProperty("Sysctls") Map<String, String> sysctls,
            @JsonProperty("SecurityOpt") List<String> securityOpt,
            @JsonProperty("VolumesFrom") List<String> volumesFrom,
            @JsonProperty("Mounts") List<MountDto> mounts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record MountDto(@JsonProperty("Type") String type, @JsonProperty("Source") String source,
                    @JsonProperty("Target") String target, @JsonProperty("ReadOnly") Boolean readOnly,
                    @JsonProperty("VolumeOptions") VolumeOptionsDto volumeOptions) {
    }

    /** `--mount type=volume,volume-driver=...,volume-opt=...`: what would make the volume. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record VolumeOptionsDto(@JsonProperty("DriverConfig") DriverConfigDto driverConfig) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DriverConfigDto(@JsonProperty("Name") String name, @JsonProperty("Options") Map<String, String> options) {
    }

    /** Per network: aliases and a static address (the first entry is for the network mode's network). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NetworkingConfig(@JsonProperty("EndpointsConfig") Map<String, NetworkRequests.EndpointConfig> endpointsConfig) {
    }

    record RestartPolicyDto(@JsonProperty("Name") String name, @JsonProperty("MaximumRetryCount") Integer maximumRetryCount) {
    }

    /** Durations in nanoseconds, as on the wire. */
    record HealthcheckDto(@JsonProperty("Test") List<String> test, @JsonProperty("Interval") Long interval,
                          @JsonProperty("Timeout") Long timeout, @JsonProperty("StartPeriod") Long startPeriod,
                          @JsonProperty("Retries") Integer retries) {
    }

    record UlimitDto(@JsonProperty("Name") String name, @JsonProperty("Soft") long soft, @JsonProperty("Hard") long hard) {
    }
}
