package dev.caisson.engine.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's commit rule for a config sent with the request: what it leaves unset comes from
 * the container's config; ports, volumes, labels and variables it lacks are added to its own.
 */
public final class ConfigMerge {
    private ConfigMerge() {
    }

    public static ImageConfig merge(ImageConfig user, ImageConfig container) {
        List<String> env = new ArrayList<>(user.env());
        for (String e : container.env()) {
            String name = e.split("=", 2)[0];
            if (user.env().stream().noneMatch(u -> u.split("=", 2)[0].equals(name))) {
                env.add(e);
            }
        }
        Set<String> ports = new LinkedHashSet<>(user.exposedPorts());
        ports.addAll(container.exposedPorts());
        Set<String> volumes = new LinkedHashSet<>(user.volumes());
        volumes.addAll(container.volumes());
        Map<String, String> labels = new LinkedHashMap<>(container.labels());
        labels.putAll(user.labels());
        List<String> cmd = user.cmd();
        List<String> entrypoint = user.entrypoint();
        if (entrypoint.isEmpty()) {
            // an entrypoint of its own makes the request's empty CMD deliberate
            entrypoint = container.entrypoint();
            if (cmd.isEmpty()) {
                cmd = container.cmd();
            }
        }
        return new ImageConfig(or(user.user(), container.user()), env, cmd, entrypoint,
                or(user.workingDir(), container.workingDir()), ports, volumes, labels,
                or(user.stopSignal(), container.stopSignal()),
                user.healthcheck() != null ? user.healthcheck() : container.healthcheck(),
                user.onBuild().isEmpty() ? container.onBuild() : user.onBuild());
    }

    private static String or(String a, String b) {
        return a == null || a.isEmpty() ? b : a;
    }
}
