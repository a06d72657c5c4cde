package dev.caisson.api.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.cgroup.Resources;
import dev.caisson.engine.image.Healthcheck;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.portmap.PortBinding;
import dev.caisson.engine.portmap.PortSpecs;
import dev.caisson.engine.runtime.MountSpec;
import dev.caisson.engine.runtime.NetworkingConfig;
import dev.caisson.engine.runtime.RestartPolicy;
import dev.caisson.engine.runtime.Ulimit;

/** Docker's create request → the engine's ContainerSpec (and the warnings Docker would print). */
final class ContainerSpecMapper {
    private ContainerSpecMapper() {
    }

    static ContainerSpec map(String name, ContainerCreateRequest r, List<String> warnings) {
        if (r.image() == null || r.image().isEmpty()) {
            throw new InvalidArgumentException("No image was specified");
        }
        ContainerSpec.Builder b = ContainerSpec.builder(r.image()).name(name)
                .cmd(r.cmd()).entrypoint(r.entrypoint() == null || r.entrypoint().isEmpty() ? null : r.entrypoint())
                .env(r.env() == null ? List.of() : r.env())
                .workingDir(r.workingDir()).user(r.user()).hostname(r.hostname()).domainname(r.domainname())
                .labels(r.labels() == null ? Map.of() : r.labels())
                .tty(Boolean.TRUE.equals(r.tty())).openStdin(Boolean.TRUE.equals(r.openStdin())).stdinOnce(Boolean.TRUE.equals(r.stdinOnce()))
                .stopSignal(r.stopSignal()).stopTimeout(r.stopTimeout());
        if (r.healthcheck() != null) {
            var hc = r.healthcheck();
            b.healthcheck(new Healthcheck(hc.test(), nanos(hc.interval()), nanos(hc.timeout()), nanos(hc.startPeriod()),
                    hc.retries() == null ? 0 : hc.retries()));
        }
        ContainerCreateRequest.HostConfig h = r.hostConfig();
        b.networking(networking(r, h));
        if (h == null) {
            return b.networkMode(network(null)).build();
        }
        b.resources(new Resources(positive(h.memory()), h.memorySwap() == null || h.memorySwap() == 0 ? null : h.memorySwap(),
                positive(h.memoryReservation()), positive(h.cpuShares()), positive(h.cpuQuota()), positive(h.cpuPeriod()),
                positive(h.nanoCpus()), blank(h.cpusetCpus()), blank(h.cpusetMems()),
                h.pidsLimit() == null || h.pidsLimit() <= 0 ? null : h.pidsLimit(),
                h.blkioWeight() == null || h.blkioWeight() == 0 ? null : h.blkioWeight(),
                Boolean.TRUE.equals(h.oomKillDisable()) ? Boolean.TRUE : null));
        List<Ulimit> ulimits = new ArrayList<>();
        if (h.ulimits() != null) {
            h.ulimits().forEach(u -> ulimits.add(new Ulimit(u.name(), u.soft(), u.hard())));
        }
        b.ulimits(ulimits).readonlyRootfs(Boolean.TRUE.equals(h.readonlyRootfs())).privileged(Boolean.TRUE.equals(h.privileged()))
                .capAdd(h.capAdd()).capDrop(h.capDrop()).groupAdd(h.groupAdd())
                .networkMode(network(h.networkMode()))
                .autoRemove(Boolean.TRUE.equals(h.autoRemove()))
                .init(Boolean.TRUE.equals(h.init()));
        if (h.restartPolicy() != null) {
            b.restartPolicy(new RestartPolicy(h.restartPolicy().name(),
                    h.restartPolicy().maximumRetryCount() == null ? 0 : h.restartPolicy().maximumRetryCount()));
        }
        if (h.binds() != null) {
            for (String bind : h.binds()) {
                b.mount(bind(bind));
            }
        }
        if (h.tmpfs() != null) {
            h.tmpfs().forEach((path, opts) -> b.mount(MountSpec.tmpfs(path, opts)));
        }
        return b.build();
    }

    /** "/host:/ctr[:ro]" only for now: named volumes come with the volumes issue. */
    private static MountSpec bind(String spec) {
        String[] p = spec.split(":");
        if (p.length < 2 || p.length > 3 || !p[0].startsWith("/")) {
            throw new InvalidArgumentException("invalid volume specification: '" + spec
                    + "': only host-path binds (/host:/container[:ro]) are supported yet");
        }
        boolean ro = p.length == 3 && List.of(p[2].split(",")).contains("ro");
        return MountSpec.bind(p[0], p[1], ro);
    }

    /** Docker's "default" (the default bridge) when no mode is given. */
    private static String network(String mode) {
        return mode == null || mode.isEmpty() ? "default" : mode;
    }

    /** NetworkingConfig's endpoints, and --add-host, --dns, --dns-search, --dns-option from the HostConfig. */
    private static NetworkingConfig networking(ContainerCreateRequest r, ContainerCreateRequest.HostConfig h) {
        Map<String, NetworkingConfig.Endpoint> endpoints = new LinkedHashMap<>();
        if (r.networkingConfig() != null && r.networkingConfig().endpointsConfig() != null) {
            r.networkingConfig().endpointsConfig().forEach((net, e) -> endpoints.put(net,
                    new NetworkingConfig.Endpoint(e == null ? null : e.aliases(), e == null ? null : e.ipv4())));
        }
        List<String> exposed = new ArrayList<>();
        if (r.exposedPorts() != null) {
            r.exposedPorts().keySet().forEach(p -> exposed.add(p.contains("/") ? p : p + "/tcp"));
        }
        if (h == null) {
            return new NetworkingConfig(endpoints, null, null, null, null).withPorts(exposed, null, false);
        }
        List<PortBinding> bindings = h.portBindings() == null ? List.of() : PortSpecs.fromPortBindings(h.portBindings());
        bindings.forEach(b -> {
            String key = b.containerPort() + "/" + b.protocol().wireName();
            if (!exposed.contains(key)) {
                exposed.add(key);   // a published port is exposed too, as Docker records it
            }
        });
        return new NetworkingConfig(endpoints, h.extraHosts(), h.dns(), h.dnsSearch(), h.dnsOptions())
                .withPorts(exposed, bindings, Boolean.TRUE.equals(h.publishAllPorts()));
    }

    private static java.time.Duration nanos(Long v) {
        return v == null || v <= 0 ? java.time.Duration.ZERO : java.time.Duration.ofNanos(v);
    }

    private static Long positive(Long v) {
        return v == null || v <= 0 ? null : v;
    }

    private static String blank(String v) {
        return v == null || v.isEmpty() ? null : v;
    }
}
