package dev.caisson.engine.portmap;

/**
 * A published port as it is: the host address ("0.0.0.0" for all) and the host port actually
 * bound. What NetworkSettings.Ports, 'docker port' and 'docker ps' show.
 */
public record PublishedPort(String hostIp, int hostPort, int containerPort, Protocol protocol) {
    /** Docker's key for the container side: "80/tcp". */
    public String portKey() {
        return containerPort + "/" + protocol.wireName();
    }

    @Override
    public String toString() {
        return hostIp + ":" + hostPort + "->" + portKey();
    }
}
