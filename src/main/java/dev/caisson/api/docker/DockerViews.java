package dev.caisson.api.docker;

import java.util.List;
import java.util.Map;

import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerState;

/** Docker's wording and shapes for other parts of the platform (the dashboard shows what the CLI shows). */
public final class DockerViews {
    private DockerViews() {
    }

    /** "Up 5 minutes", "Exited (0) 2 hours ago": the STATUS column of `docker ps`. */
    public static String status(ContainerState s) {
        return ContainerViews.statusText(s);
    }

    /** What `docker inspect` prints for the container. */
    public static Map<String, Object> inspect(Container c, String logPath, NetworkService networks) {
        return ContainerViews.inspect(c, logPath, networks);
    }

    /** `docker ps`'s Ports: published ports (IP, PrivatePort, PublicPort, Type) and ports only exposed. */
    public static List<Map<String, Object>> ports(Container c, NetworkService networks) {
        return PortViews.summary(c, networks);
    }
}
