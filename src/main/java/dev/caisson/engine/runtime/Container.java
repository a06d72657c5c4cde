package dev.caisson.engine.runtime;

import java.time.Instant;
import java.util.List;

/**
 * One container's metadata: what was asked (spec), what it resolved to with the image's
 * defaults (config, Docker's inspect Config), and its current state.
 */
public record Container(
        String id,
        String name,
        Instant created,
        String imageId,
        ContainerSpec spec,
        Config config,
        ContainerState state) {

    /** The process and identity a start will use, after merging the image config. */
    public record Config(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
                         String user, String hostname, String domainname, String stopSignal) {
        /** entrypoint + cmd, the argv the init executes. */
        public List<String> argv() {
            return java.util.stream.Stream.concat(entrypoint.stream(), cmd.stream()).toList();
        }
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    Container withState(ContainerState s) {
        return new Container(id, name, created, imageId, spec, config, s);
    }

    Container withSpec(ContainerSpec s) {
        return new Container(id, name, created, imageId, s, config, state);
    }

    Container withName(String n) {
        return new Container(id, n, created, imageId, spec, config, state);
    }
}
