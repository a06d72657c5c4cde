package dev.caisson.api.docker;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.ContainerState;

/** Containers in the JSON shapes `docker ps` and `docker inspect` read. */
final class ContainerViews {
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private ContainerViews() {
    }

    static Map<String, Object> summary(Container c, NetworkService networks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Names", List.of("/" + c.name()));
        m.put("Image", c.spec().image());
        m.put("ImageID", c.imageId());
        m.put("Command", String.join(" ", c.config().argv()));
        m.put("Created", c.created().getEpochSecond());
        m.put("Ports", PortViews.summary(c, networks));
        m.put("Labels", c.spec().labels());
        m.put("State", c.state().status().word());
        m.put("Status", statusText(c.state()));
        m.put("HostConfig", Map.of("NetworkMode", c.spec().networkMode()));
        m.put("NetworkSettings", ContainerNetworkViews.summary(c, networks));
        m.put("Mounts", List.of());
        return m;
    }

    static Map<String, Object> inspect(Container c, String logPath, NetworkService networks) {
        ContainerSpec spec = c.spec();
        ContainerState s = c.state();
        List<String> argv = c.config().argv();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", s.status().word());
        state.put("Running", s.running());
        state.put("Paused", s.status() == ContainerState.Status.PAUSED);
        state.put("Restarting", s.status() == ContainerState.Status.RESTARTING);
        state.put("OOMKilled", s.oomKilled());
        state.put("Dead", s.status() == ContainerState.Status.DEAD);
        state.put("Pid", s.running() ? s.pid() : 0);
        state.put("ExitCode", s.exitCode());
        if (s.health() != null) {
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("Status", s.health().status());
            health.put("FailingStreak", s.health().failingStreak());
            health.put("Log", s.health().log().stream().map(p -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("Start", p.start().toString());
                e.put("End", p.end().toString());
                e.put("ExitCode", p.exitCode());
                e.put("Output", p.output());
                return e;
            }).toList());
            state.put("Health", health);
        }
        state.put("Error", s.error());
        state.put("StartedAt", time(s.startedAt()));
        state.put("FinishedAt", time(s.finishedAt()));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Hostname", c.config().hostname());
        config.put("Domainname", c.config().domainname());
        config.put("User", c.config().user());
        config.put("AttachStdin", false);
        config.put("AttachStdout", !spec.openStdin());
        config.put("AttachStderr", !spec.openStdin());
        config.put("Tty", spec.tty());
        config.put("OpenStdin", spec.openStdin());
        config.put("StdinOnce", spec.stdinOnce());
        config.put("Env", c.config().env());
        config.put("Cmd", c.config().cmd());
        config.put("ExposedPorts", PortViews.exposed(c));
        config.put("Image", spec.image());
        config.put("WorkingDir", c.config().workingDir());
        config.put("Entrypoint", c.config().entrypoint().isEmpty() ? null : c.config().entrypoint());
        config.put("Labels", spec.labels());
        config.put("StopSignal", c.config().stopSignal());
        if (spec.healthcheck() != null) {
            var hc = spec.healthcheck();
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("Test", hc.test());
            h.put("Interval", hc.interval().toNanos());
            h.put("Timeout", hc.timeout().toNanos());
            h.put("StartPeriod", hc.startPeriod().toNanos());
            h.put("Retries", hc.retries());
            config.put("Healthcheck", h);
        }
        if (spec.stopTimeout() != null) {
            config.put("StopTimeout", spec.stopTimeout());
        }
        var r = spec.resources();
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("PortBindings", PortViews.bindings(c));
        host.put("PublishAllPorts", spec.networking().publishAllPorts());
        host.put("LogConfig", Map.of("Type", "json-file", "Config", Map.of()));   // docker-py's run() reads the Type
        host.put("NetworkMode", spec.networkMode());
        host.put("Dns", spec.networking().dns());
        host.put("DnsOptions", spec.networking().dnsOptions());
        host.put("DnsSearch", spec.networking().dnsSearch());
        host.put("ExtraHosts", spec.networking().extraHosts().isEmpty() ? null : spec.networking().extraHosts());
        host.put("RestartPolicy", Map.of("Name", spec.restartPolicy().name(),
                "MaximumRetryCount", spec.restartPolicy().maximumRetryCount()));
        host.put("AutoRemove", spec.autoRemove());
        host.put("Init", spec.init() ? Boolean.TRUE : null);
        host.put("Privileged", spec.privileged());
        host.put("ReadonlyRootfs", spec.readonlyRootfs());
        host.put("CapAdd", spec.capAdd());
        host.put("CapDrop", spec.capDrop());
        host.put("Memory", orZero(r.memory()));
        host.put("MemorySwap", orZero(r.memorySwap()));
        host.put("MemoryReservation", orZero(r.memoryReservation()));
        host.put("NanoCpus", orZero(r.nanoCpus()));
        host.put("CpuShares", orZero(r.cpuShares()));
        host.put("CpuPeriod", orZero(r.cpuPeriod()));
        host.put("CpuQuota", orZero(r.cpuQuota()));
        host.put("CpusetCpus", r.cpusetCpus() == null ? "" : r.cpusetCpus());
        host.put("PidsLimit", r.pidsLimit());
        host.put("Ulimits", spec.ulimits().stream().map(u -> Map.of("Name", u.name(), "Soft", u.soft(), "Hard", u.hard())).toList());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Id", c.id());
        m.put("Created", time(c.created()));
        m.put("Path", argv.isEmpty() ? "" : argv.get(0));
        m.put("Args", argv.isEmpty() ? List.of() : argv.subList(1, argv.size()));
        m.put("State", state);
        m.put("Image", c.imageId());
        java.nio.file.Path dir = java.nio.file.Path.of(logPath).getParent();
        String etc = spec.networkMode().startsWith("container:")
                ? dir.resolveSibling(spec.networkMode().substring("container:".length())).toString() : dir.toString();
        m.put("ResolvConfPath", etc + "/resolv.conf");
        m.put("HostnamePath", etc + "/hostname");
        m.put("HostsPath", etc + "/hosts");
        m.put("LogPath", logPath);
        m.put("Name", "/" + c.name());
        m.put("RestartCount", s.restartCount());
        m.put("Driver", "overlay2");
        m.put("Platform", "linux");
        m.put("HostConfig", host);
        m.put("Mounts", List.of());
        m.put("Config", config);
        m.put("NetworkSettings", ContainerNetworkViews.inspect(c, networks));
        return m;
    }

    /** Docker's human status: "Up 5 seconds", "Exited (0) 2 minutes ago", "Created". */
    static String statusText(ContainerState s) {
        Instant now = Instant.now();
        return switch (s.status()) {
            case RUNNING -> "Up " + human(Duration.between(s.startedAt(), now)) + healthSuffix(s);
            case PAUSED -> "Up " + human(Duration.between(s.startedAt(), now)) + " (Paused)";
            case EXITED -> "Exited (" + s.exitCode() + ") " + human(Duration.between(s.finishedAt(), now)) + " ago";
            case CREATED -> "Created";
            case RESTARTING -> "Restarting (" + s.exitCode() + ") " + human(Duration.between(s.finishedAt(), now)) + " ago";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
        };
    }

    /** " (healthy)", " (unhealthy)", " (health: starting)" as `docker ps` shows them. */
    private static String healthSuffix(ContainerState s) {
        if (s.health() == null) {
            return "";
        }
        return s.health().status().equals("starting") ? " (health: starting)" : " (" + s.health().status() + ")";
    }

    /** The wording of Docker's units.HumanDuration. */
    static String human(Duration d) {
        long sec = d.toSeconds();
        if (sec < 1) {
            return "Less than a second";
        } else if (sec == 1) {
            return "1 second";
        } else if (sec < 60) {
            return sec + " seconds";
        }
        long min = d.toMinutes();
        if (min == 1) {
            return "About a minute";
        } else if (min < 60) {
            return min + " minutes";
        }
        long h = Math.round(d.toSeconds() / 3600.0);
        if (h == 1) {
            return "About an hour";
        } else if (h < 48) {
            return h + " hours";
        } else if (h < 24 * 7 * 2) {
            return h / 24 + " days";
        } else if (h < 24 * 30 * 2) {
            return h / 24 / 7 + " weeks";
        } else if (h < 24 * 365 * 2) {
            return h / 24 / 30 + " months";
        }
        return h / 24 / 365 + " years";
    }

    private static String time(Instant t) {
        return t == null ? ZERO_TIME : t.toString();
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
