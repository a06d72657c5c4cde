package dev.caisson.engine.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.cgroup.Resources;
import dev.caisson.engine.image.Healthcheck;

/**
 * What a caller asks for when creating a container (the engine's own model, not Docker's
 * wire JSON). Null / empty means "take the image's value" or "Docker's default".
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> cmd,
        List<String> entrypoint,
        List<String> env,
        String workingDir,
        String user,
        List<String> groupAdd,
        String hostname,
        String domainname,
        Map<String, String> labels,
        boolean tty,
        boolean openStdin,
        boolean stdinOnce,
        String stopSignal,
        Integer stopTimeout,
        Resources resources,
        List<String> capAdd,
        List<String> capDrop,
        boolean privileged,
        boolean readonlyRootfs,
        String networkMode,
        List<Ulimit> ulimits,
        List<MountSpec> mounts,
        boolean noNewPrivileges,
        boolean autoRemove,
        RestartPolicy restartPolicy,
        Healthcheck healthcheck,
        boolean init,
        NetworkingConfig networking) {

    public ContainerSpec {
        env = env == null ? List.of() : List.copyOf(env);
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        resources = resources == null ? Resources.none() : resources;
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        networkMode = networkMode == null || networkMode.isEmpty() ? "none" : networkMode;
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
        networking = networking == null ? NetworkingConfig.NONE : networking;
    }

    public static Builder builder(String image) {
        return new Builder(image);
    }

    public Builder toBuilder() {
        Builder b = new Builder(image);
        b.name = name; b.cmd = cmd; b.entrypoint = entrypoint; b.env = new ArrayList<>(env);
        b.workingDir = workingDir; b.user = user; b.groupAdd = groupAdd; b.hostname = hostname;
        b.domainname = domainname; b.labels = new LinkedHashMap<>(labels); b.tty = tty; b.openStdin = openStdin;
        b.stdinOnce = stdinOnce; b.stopSignal = stopSignal; b.stopTimeout = stopTimeout; b.resources = resources;
        b.capAdd = capAdd; b.capDrop = capDrop; b.privileged = privileged; b.readonlyRootfs = readonlyRootfs;
        b.networkMode = networkMode; b.ulimits = ulimits; b.mounts = new ArrayList<>(mounts);
        b.noNewPrivileges = noNewPrivileges;
        b.autoRemove = autoRemove;
        b.restartPolicy = restartPolicy;
        b.healthcheck = healthcheck;
        b.init = init;
        b.networking = networking;
        return b;
    }

    /** Fluent construction; every setter is optional. */
    public static final class Builder {
        private final String image;
        private String name;
        private List<String> cmd;
        private List<String> entrypoint;
        private List<String> env = new ArrayList<>();
        private String workingDir;
        private String user;
        private List<String> groupAdd;
        private String hostname;
        private String domainname;
        private Map<String, String> labels = new LinkedHashMap<>();
        private boolean tty;
        private boolean openStdin;
        private boolean stdinOnce;
        private String stopSignal;
        private Integer stopTimeout;
        private Resources resources;
        private List<String> capAdd;
        private List<String> capDrop;
        private boolean privileged;
        private boolean readonlyRootfs;
        private String networkMode;
        private List<Ulimit> ulimits;
        private List<MountSpec> mounts = new ArrayList<>();
        private boolean noNewPrivileges;
        private boolean autoRemove;
        private RestartPolicy restartPolicy;
        private Healthcheck healthcheck;
        private boolean init;
        private NetworkingConfig networking;

        private Builder(String image) {
            this.image = image;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder cmd(String... v) { cmd = List.of(v); return this; }
        public Builder cmd(List<String> v) { cmd = v; return this; }
        public Builder entrypoint(List<String> v) { entrypoint = v; return this; }
        public Builder env(String v) { env.add(v); return this; }
        public Builder env(List<String> v) { env = new ArrayList<>(v); return this; }
        public Builder workingDir(String v) { workingDir = v; return this; }
        public Builder user(String v) { user = v; return this; }
        public Builder groupAdd(List<String> v) { groupAdd = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder domainname(String v) { domainname = v; return this; }
        public Builder label(String k, String v) { labels.put(k, v); return this; }
        public Builder labels(Map<String, String> v) { labels = new LinkedHashMap<>(v); return this; }
        public Builder tty(boolean v) { tty = v; return this; }
        public Builder openStdin(boolean v) { openStdin = v; return this; }
        public Builder stdinOnce(boolean v) { stdinOnce = v; return this; }
        public Builder stopSignal(String v) { stopSignal = v; return this; }
        public Builder stopTimeout(Integer v) { stopTimeout = v; return this; }
        public Builder resources(Resources v) { resources = v; return this; }
        public Builder capAdd(List<String> v) { capAdd = v; return this; }
        public Builder capDrop(List<String> v) { capDrop = v; return this; }
        public Builder privileged(boolean v) { privileged = v; return this; }
        public Builder readonlyRootfs(boolean v) { readonlyRootfs = v; return this; }
        public Builder networkMode(String v) { networkMode = v; return this; }
        public Builder ulimits(List<Ulimit> v) { ulimits = v; return this; }
        public Builder mount(MountSpec v) { mounts.add(v); return this; }
        public Builder noNewPrivileges(boolean v) { noNewPrivileges = v; return this; }
        public Builder autoRemove(boolean v) { autoRemove = v; return this; }
        public Builder restartPolicy(RestartPolicy v) { restartPolicy = v; return this; }
        /** null: the image's; a test of ["NONE"] turns the image's off */
        public Builder healthcheck(Healthcheck v) { healthcheck = v; return this; }
        /** --init: a minimal init as pid 1 that reaps orphans and forwards signals to the command */
        public Builder init(boolean v) { init = v; return this; }
        /** endpoint settings per network, --add-host, --dns, --dns-search, --dns-option */
        public Builder networking(NetworkingConfig v) { networking = v; return this; }

        public ContainerSpec build() {
            return new ContainerSpec(name, image, cmd, entrypoint, env, workingDir, user, groupAdd, hostname,
                    domainname, labels, tty, openStdin, stdinOnce, stopSignal, stopTimeout, resources, capAdd,
                    capDrop, privileged, readonlyRootfs, networkMode, ulimits, mounts, noNewPrivileges, autoRemove,
                    restartPolicy, healthcheck, init, networking);
        }
    }
}
