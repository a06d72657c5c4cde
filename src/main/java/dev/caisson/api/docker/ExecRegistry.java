package dev.caisson.api.docker;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.ExecProcess;
import dev.caisson.engine.runtime.ExecSpec;

/**
 * Exec instances between `POST /containers/{id}/exec` and their inspection: what to run,
 * and once started its process and exit code. Instances of removed containers are dropped.
 */
@Component
class ExecRegistry {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One exec instance; mutable state is guarded by the instance itself. */
    static final class Exec {
        final String id;
        final String containerId;
        final ExecSpec spec;
        final boolean attachStdin;
        final boolean attachStdout;
        final boolean attachStderr;
        final String detachKeys;
        ExecProcess process;
        boolean running;
        Integer exitCode;

        Exec(String id, String containerId, ExecSpec spec, boolean in, boolean out, boolean err, String detachKeys) {
            this.id = id;
            this.containerId = containerId;
            this.spec = spec;
            this.attachStdin = in;
            this.attachStdout = out;
            this.attachStderr = err;
            this.detachKeys = detachKeys;
        }
    }

    private final Map<String, Exec> execs = new ConcurrentHashMap<>();

    Exec create(String containerId, ExecSpec spec, boolean in, boolean out, boolean err, String detachKeys) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        Exec e = new Exec(HexFormat.of().formatHex(b), containerId, spec, in, out, err, detachKeys);
        execs.put(e.id, e);
        return e;
    }

    Exec get(String id) {
        Exec e = execs.get(id);
        if (e == null) {
            throw new NotFoundException("No such exec instance: " + id);
        }
        return e;
    }

    List<Exec> ofContainer(String containerId) {
        return execs.values().stream().filter(e -> e.containerId.equals(containerId)).toList();
    }

    void forgetContainer(String containerId) {
        execs.values().removeIf(e -> e.containerId.equals(containerId));
    }
}
