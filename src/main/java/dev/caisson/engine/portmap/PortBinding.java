package dev.caisson.engine.portmap;

import dev.caisson.engine.InvalidArgumentException;

/**
 * A request to publish one container port: on hostIp ("" for every IPv4 address of the
 * host), on a host port picked from hostPortStart..hostPortEnd, or from the kernel's
 * ephemeral range when both are 0.
 */
public record PortBinding(String hostIp, int hostPortStart, int hostPortEnd, int containerPort, Protocol protocol) {
    public PortBinding {
        hostIp = hostIp == null || hostIp.equals("0.0.0.0") ? "" : hostIp;
        if (containerPort < 1 || containerPort > 65535) {
            throw new InvalidArgumentException("invalid containerPort: " + containerPort);
        }
        if (hostPortStart < 0 || hostPortEnd > 65535 || hostPortStart > hostPortEnd || (hostPortStart == 0 && hostPortEnd != 0)) {
            throw new InvalidArgumentException("invalid hostPort: " + hostPortStart + "-" + hostPortEnd);
        }
    }

    /** A fixed host port (0: ephemeral). */
    public static PortBinding of(String hostIp, int hostPort, int containerPort, Protocol protocol) {
        return new PortBinding(hostIp, hostPort, hostPort, containerPort, protocol);
    }

    public boolean ephemeral() {
        return hostPortStart == 0;
    }

    /** The address the binding listens on as Docker shows it: "0.0.0.0" for all. */
    public String shownHostIp() {
        return hostIp.isEmpty() ? "0.0.0.0" : hostIp;
    }
}
