package dev.caisson.engine.network;

import java.nio.file.Path;
import java.util.List;

import dev.caisson.engine.runtime.Container;

/**
 * What other network features plug into (the embedded DNS server, published ports): told when
 * a container's endpoints have come up in its namespace and before they are torn down. Calls
 * come on the thread that starts, stops, connects or disconnects, so keep them short; an
 * exception is logged and does not stop the container. Register with
 * {@link NetworkService#addHooks}.
 */
public interface NetworkHooks {
    /** Endpoints just up: all of a container's at its start, the new one at a connect. */
    default void endpointsUp(Sandbox sandbox, List<Attachment> endpoints) {
    }

    /** Endpoints about to go: all at a stop, exit, kill or rm; the one at a disconnect. */
    default void endpointsDown(Sandbox sandbox, List<Attachment> endpoints) {
    }

    /**
     * True for the embedded DNS server: containers on user-defined networks then get
     * `nameserver 127.0.0.11` in their resolv.conf (the host's resolvers otherwise).
     */
    default boolean servesDns() {
        return false;
    }

    /** The container's ports published right now (the published-ports hook knows them). */
    default List<dev.caisson.engine.portmap.PublishedPort> publishedPorts(String containerId) {
        return List.of();
    }

    /** A running container's network namespace (its spec holds port bindings, --dns and so on). */
    record Sandbox(Container container, Path netns) {
    }

    /** One endpoint: its network, the container's address there and its aliases on it. */
    record Attachment(String networkId, String networkName, boolean userDefined, boolean internal, String bridge,
                      String gateway, String ipv4, int prefixLength, List<String> aliases) {
    }
}
