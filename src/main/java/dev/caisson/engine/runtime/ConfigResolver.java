package dev.caisson.engine.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.image.ImageConfig;

/** Docker's rules for merging a create request with the image's config. */
final class ConfigResolver {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ConfigResolver() {
    }

    static Container.Config resolve(ContainerSpec spec, ImageConfig image, String id, String hostHostname) {
        List<String> entrypoint = spec.entrypoint() != null ? spec.entrypoint() : nonNull(image.entrypoint());
        List<String> cmd;
        if (spec.cmd() != null && !spec.cmd().isEmpty()) {
            cmd = spec.cmd();
        } else if (spec.entrypoint() != null) {
            cmd = List.of();   // a new entrypoint resets the image's CMD (Docker's rule)
        } else {
            cmd = nonNull(image.cmd());
        }
        String hostname = spec.hostname() != null && !spec.hostname().isEmpty() ? spec.hostname()
                : "host".equals(spec.networkMode()) ? hostHostname : id.substring(0, 12);
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : nonNull(image.env())) {
            env.put(SpecPlanner.envKey(e), e);
        }
        for (String e : spec.env()) {
            env.put(SpecPlanner.envKey(e), e);
        }
        List<String> merged = new ArrayList<>(env.values());
        if (!env.containsKey("PATH")) {
            merged.add(0, DEFAULT_PATH);
        }
        String workdir = first(spec.workingDir(), image.workingDir(), "/");
        String user = first(spec.user(), image.user(), "");
        String stopSignal = first(spec.stopSignal(), image.stopSignal(), "SIGTERM");
        return new Container.Config(entrypoint, cmd, merged, workdir, user, hostname,
                spec.domainname() == null ? "" : spec.domainname(), stopSignal);
    }

    /** The environment the process really gets: Docker adds HOSTNAME, and TERM for a TTY. */
    static List<String> processEnv(Container.Config cfg, boolean tty) {
        List<String> env = new ArrayList<>(cfg.env());
        if (env.stream().noneMatch(e -> e.startsWith("HOSTNAME="))) {
            env.add(1, "HOSTNAME=" + cfg.hostname());
        }
        if (tty && env.stream().noneMatch(e -> e.startsWith("TERM="))) {
            env.add("TERM=xterm");
        }
        return env;
    }

    private static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
