package dev.caisson.platform.security;

import java.util.List;
import java.util.Map;

/**
 * The options of a container create that the guard rails look at, as the caller will use them.
 * The Engine API fills it from Docker's create body, the dashboard from its form; options the
 * engine does not implement are carried too, so that asking for them is refused, not ignored.
 *
 * @param binds          Docker's "source:target[:options]" strings (a source not starting with
 *                       '/' is a named volume)
 * @param mounts         HostConfig.Mounts
 * @param networks       networks named by NetworkingConfig.EndpointsConfig
 */
public record ContainerRequest(boolean privileged, String networkMode, String pidMode, String ipcMode, String utsMode,
                               String usernsMode, List<String> binds, List<Mount> mounts, List<String> capAdd,
                               int devices, int deviceRequests, int deviceCgroupRules, Map<String, String> sysctls,
                               List<String> securityOpt, List<String> volumesFrom, List<String> networks) {
    public ContainerRequest {
        binds = binds == null ? List.of() : binds;
        mounts = mounts == null ? List.of() : mounts;
        capAdd = capAdd == null ? List.of() : capAdd;
        sysctls = sysctls == null ? Map.of() : sysctls;
        securityOpt = securityOpt == null ? List.of() : securityOpt;
        volumesFrom = volumesFrom == null ? List.of() : volumesFrom;
        networks = networks == null ? List.of() : networks;
    }

    /** One HostConfig.Mounts entry: bind, volume, tmpfs, ... */
    public record Mount(String type, String source) {
    }
}
