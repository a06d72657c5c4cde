package dev.caisson.api.docker;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.network.Network;
import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ContainerState;
import dev.caisson.engine.volume.Volume;
import dev.caisson.engine.volume.VolumeService;

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

    /**
     * Docker's units.HumanSizeWithPrecision: decimal units, the given significant digits (4 in
     * progress lines, 3 in the CLI's tables: "1.986MB", "1.99MB").
     */
    public static String humanSize(long bytes, int digits) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros().toPlainString() + units[u];
    }

    /** `docker ps`'s Ports: published ports (IP, PrivatePort, PublicPort, Type) and ports only exposed. */
    public static List<Map<String, Object>> ports(Container c, NetworkService networks) {
        return PortViews.summary(c, networks);
    }

    /** What `docker network inspect` prints, its Containers map included. */
    public static Map<String, Object> network(Network n, NetworkService networks, ContainerRuntime rt) {
        return NetworkViews.view(n, NetworkViews.containers(n, networks, rt));
    }

    /** What `docker volume inspect` prints. */
    public static Map<String, Object> volume(VolumeService volumes, Volume v) {
        return VolumeViews.view(volumes, v);
    }
}
