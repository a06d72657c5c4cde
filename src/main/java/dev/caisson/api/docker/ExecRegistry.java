package dev.caisson.api.docker;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.caisson.engine.Engine;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.ExecProcess;
import dev.caisson.engine.runtime.ExecSpec;
import dev.caisson.platform.persistence.JdbcExecRecords;

/**
 * Exec instances between `POST /containers/{id}/exec` and their inspection: what to run,
 * and once started its process and exit code. Instances of removed containers are dropped.
 * They are kept in the database too; after a platform restart a session that was running
 * is not running any more, with an unknown exit code: its process was the platform's child.
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
        /** Set by the start request, before the process exists (it starts after the hijack). */
        boolean started;
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
    private final JdbcExecRecords records;

    ExecRegistry(JdbcExecRecords records, Engine engine) {
        this.records = records;
        java.util.Set<String> containers = new java.util.HashSet<>();
        engine.containers().list().forEach(c -> containers.add(c.id()));
        for (JdbcExecRecords.Row r : records.load()) {
            if (!containers.contains(r.containerId())) {
                records.forgetContainer(r.containerId());
                continue;
            }
            JdbcExecRecords.Config c = r.config();
            Exec e = new Exec(r.id(), r.containerId(), c.spec(), c.attachStdin(), c.attachStdout(), c.attachStderr(),
                    c.detachKeys());
            e.started = r.started();
            e.exitCode = r.exitCode();
            execs.put(e.id, e);
            if (r.running()) {
                persist(e);   // now known not to run
            }
        }
    }

    /** Stores the instance's current state (in the background). */
    void persist(Exec e) {
        synchronized (e) {
            records.save(new JdbcExecRecords.Row(e.id, e.containerId, new JdbcExecRecords.Config(e.spec, e.attachStdin,
                    e.attachStdout, e.attachStderr, e.detachKeys), e.started, e.running, e.exitCode));
        }
    }

    Exec create(String containerId, ExecSpec spec, boolean in, boolean out, boolean err, String detachKeys) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        Exec e = new Exec(HexFormat.of().formatHex(b), containerId, spec, in, out, err, detachKeys);
        execs.put(e.id, e);
        persist(e);
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
        records.forgetContainer(containerId);
    }
}
