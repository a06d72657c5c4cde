package dev.caisson.platform.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    /** One HostConfig.Mounts entry: bind, volume, tmpfs, ...; a volume's driver and options when it asks for them. */
    public record Mount(String type, String source, String volumeDriver, Map<String, String> volumeOptions) {
        public Mount(String type, String source) {
            this(type, source, null, null);
        }
    }

    /** For entry points that build the request option by option (the dashboard's form, tests). */
    public static final class Builder {
        private boolean privileged;
        private String networkMode;
        private String pidMode;
        private String ipcMode;
        private String utsMode;
        private String usernsMode;
        private final List<String> binds = new ArrayList<>();
        private final List<Mount> mounts = new ArrayList<>();
        private final List<String> capAdd = new ArrayList<>();
        private int devices;
        private int deviceRequests;
        private int deviceCgroupRules;
        private final Map<String, String> sysctls = new LinkedHashMap<>();
        private final List<String> securityOpt = new ArrayList<>();
        private final List<String> volumesFrom = new ArrayList<>();
        private final List<String> networks = new ArrayList<>();

        public Builder privileged() {
            privileged = true;
            return this;
        }

        public Builder networkMode(String v) {
            networkMode = v;
            return this;
        }

        public Builder pidMode(String v) {
            pidMode = v;
            return this;
        }

        public Builder ipcMode(String v) {
            ipcMode = v;
            return this;
        }

        public Builder utsMode(String v) {
            utsMode = v;
            return this;
        }

        public Builder usernsMode(String v) {
            usernsMode = v;
            return this;
        }

        public Builder binds(String... v) {
            binds.addAll(List.of(v));
            return this;
        }

        public Builder mount(String type, String source) {
            mounts.add(new Mount(type, source));
            return this;
        }

        public Builder capAdd(String... v) {
            capAdd.addAll(List.of(v));
            return this;
        }

        public Builder devices(int n) {
            devices = n;
            return this;
        }

        public Builder deviceRequests(int n) {
            deviceRequests = n;
            return this;
        }

        public Builder deviceCgroupRules(int n) {
            deviceCgroupRules = n;
            return this;
        }

        public Builder sysctls(Map<String, String> v) {
            sysctls.putAll(v);
            return this;
        }

        public Builder securityOpt(String... v) {
            securityOpt.addAll(List.of(v));
            return this;
        }

        public Builder volumesFrom(String... v) {
            volumesFrom.addAll(List.of(v));
            return this;
        }

        public Builder networks(String... v) {
            networks.addAll(List.of(v));
            return this;
        }

        public ContainerRequest build() {
            return new ContainerRequest(privileged, networkMode, pidMode, ipcMode, utsMode, usernsMode, binds, mounts, capAdd,
                    devices, deviceRequests, deviceCgroupRules, sysctls, securityOpt, volumesFrom, networks);
        }
    }
}
