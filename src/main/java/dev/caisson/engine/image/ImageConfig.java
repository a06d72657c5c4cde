package dev.caisson.engine.image;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How to run a container from an image. Strings and the health check are null when unset;
 * collections are empty, never null. Cmd and Entrypoint keep their order. {@code onBuild}
 * holds the ONBUILD triggers ("RUN echo hi") a build from this image would run.
 */
public record ImageConfig(String user, List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
        Set<String> exposedPorts, Set<String> volumes, Map<String, String> labels, String stopSignal,
        Healthcheck healthcheck, List<String> onBuild) {
    public static final ImageConfig EMPTY = new ImageConfig(null, null, null, null, null, null, null, null, null, null);

    /** Without ONBUILD triggers (most configs have none). */
    public ImageConfig(String user, List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
            Set<String> exposedPorts, Set<String> volumes, Map<String, String> labels, String stopSignal,
            Healthcheck healthcheck) {
        this(user, env, cmd, entrypoint, workingDir, exposedPorts, volumes, labels, stopSignal, healthcheck, null);
    }

    public ImageConfig {
        onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
        env = env == null ? List.of() : List.copyOf(env);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        exposedPorts = exposedPorts == null ? Set.of() : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(exposedPorts));
        volumes = volumes == null ? Set.of() : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(volumes));
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }
}
