package dev.caisson.api.docker;

import java.util.List;

import dev.caisson.platform.security.ContainerRequest;

/** Docker's create body → the options the guard rails judge (GuardRails.checkContainer). */
final class GuardedOptions {
    private GuardedOptions() {
    }

    static ContainerRequest of(ContainerCreateRequest r) {
        ContainerCreateRequest.HostConfig h = r.hostConfig();
        if (h == null) {
            return new ContainerRequest(false, null, null, null, null, null, null, null, null, 0, 0, 0, null, null, null,
                    networks(r));
        }
        List<ContainerRequest.Mount> mounts = h.mounts() == null ? List.of()
                : h.mounts().stream().map(m -> {
                    var dc = m.volumeOptions() == null ? null : m.volumeOptions().driverConfig();
                    return new ContainerRequest.Mount(m.type(), m.source(), dc == null ? null : dc.name(), dc == null ? null : dc.options());
                }).toList();
        return new ContainerRequest(Boolean.TRUE.equals(h.privileged()), h.networkMode(), h.pidMode(), h.ipcMode(),
                h.utsMode(), h.usernsMode(), h.binds(), mounts, h.capAdd(), size(h.devices()), size(h.deviceRequests()),
                size(h.deviceCgroupRules()), h.sysctls(), h.securityOpt(), h.volumesFrom(), networks(r));
    }

    /** The networks of NetworkingConfig.EndpointsConfig: each must be one the caller may see. */
    private static List<String> networks(ContainerCreateRequest r) {
        return r.networkingConfig() == null || r.networkingConfig().endpointsConfig() == null ? List.of()
                : List.copyOf(r.networkingConfig().endpointsConfig().keySet());
    }

    private static int size(List<?> l) {
        return l == null ? 0 : l.size();
    }
}
