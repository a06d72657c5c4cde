package dev.caisson.engine.cgroup.v1;

import java.nio.file.Path;
import java.util.Set;

/**
 * One mounted v1 hierarchy.
 *
 * @param name        its directory name under /sys/fs/cgroup ("memory", "cpu,cpuacct",
 *                    "systemd"): also the name the container sees
 * @param mountPoint  where it is mounted on the host
 * @param controllers the controllers it carries ("name=systemd" for a named hierarchy)
 */
public record Hierarchy(String name, Path mountPoint, Set<String> controllers) {

    public boolean has(String controller) {
        return controllers.contains(controller);
    }
}
