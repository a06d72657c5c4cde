package dev.caisson.api.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ContainerState;
import dev.caisson.engine.runtime.ExecProcess;
import dev.caisson.engine.runtime.ExecSpec;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.GuardRails;

/** `docker exec`: create an instance, start it (hijacked or detached), inspect it, resize its TTY. */
@RestController
class ExecController {
    private final ContainerRuntime rt;
    private final ExecRegistry execs;
    private final EventBus events;
    private final GuardRails guardRails;

    ExecController(Engine engine, ExecRegistry execs, EventBus events, GuardRails guardRails) {
        this.guardRails = guardRails;
        this.rt = engine.containers();
        this.execs = execs;
        this.events = events;
        engine.containers().addListener(e -> {
            if (e.action().equals("destroy")) {
                execs.forgetContainer(e.containerId());
            }
        });
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ExecCreateRequest(@JsonProperty("AttachStdin") Boolean attachStdin,
                             @JsonProperty("AttachStdout") Boolean attachStdout,
                             @JsonProperty("AttachStderr") Boolean attachStderr,
                             @JsonProperty("DetachKeys") String detachKeys,
                             @JsonProperty("Tty") Boolean tty,
                             @JsonProperty("ConsoleSize") List<Integer> consoleSize,
                             @JsonProperty("Env") List<String> env,
                             @JsonProperty("Cmd") List<String> cmd,
                             @JsonProperty("Privileged") Boolean privileged,
                             @JsonProperty("User") String user,
                             @JsonProperty("WorkingDir") String workingDir) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ExecStartRequest(@JsonProperty("Detach") Boolean detach, @JsonProperty("Tty") Boolean tty,
                            @JsonProperty("ConsoleSize") List<Integer> consoleSize) {
    }

    @PostMapping("/containers/{id}/exec")
    ResponseEntity<Map<String, Object>> create(@PathVariable String id, @RequestBody ExecCreateRequest r) {
        guardRails.checkExec(CurrentPrincipal.require(), Boolean.TRUE.equals(r.privileged()));
        Container c = rt.get(id);
        if (c.state().status() == ContainerState.Status.PAUSED) {
            throw new ConflictException("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        boolean tty = Boolean.TRUE.equals(r.tty());
        int rows = r.consoleSize() != null && r.consoleSize().size() == 2 ? r.consoleSize().get(0) : 0;
        int cols = r.consoleSize() != null && r.consoleSize().size() == 2 ? r.consoleSize().get(1) : 0;
        ExecSpec spec = new ExecSpec(r.cmd(), r.env(), r.user(), r.workingDir(), tty,
                Boolean.TRUE.equals(r.privileged()), rows, cols);
        ExecRegistry.Exec e = execs.create(c.id(), spec, Boolean.TRUE.equals(r.attachStdin()),
                Boolean.TRUE.equals(r.attachStdout()), Boolean.TRUE.equals(r.attachStderr()), r.detachKeys());
        DetachKeys.parse(r.detachKeys());   // a bad sequence is refused now, as Docker does
        publish(c, "exec_create: " + String.join(" ", spec.cmd()), e, Map.of());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("Id", e.id));
    }

    /**
     * A hijacked session starts its process only once the 101 answer is out, as Docker does:
     * docker-py reads the answer's head through a buffer and loses output that arrives with it.
     */
    @PostMapping("/exec/{id}/start")
    void start(@PathVariable String id, @RequestBody(required = false) ExecStartRequest r,
               HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ExecRegistry.Exec e = execs.get(id);
        Container c = rt.get(e.containerId);
        if (c.state().status() == ContainerState.Status.PAUSED) {
            throw new ConflictException("Container " + c.id() + " is paused, unpause the container before exec");
        }
        if (!c.state().running()) {
            throw new ConflictException("Container " + c.id() + " is not running");
        }
        synchronized (e) {
            if (e.started) {
                throw new ConflictException("Error: Exec command " + e.id + " has already run");
            }
            e.started = true;
            e.running = true;
        }
        execs.persist(e);
        boolean detach = r != null && Boolean.TRUE.equals(r.detach());
        if (detach) {
            ExecProcess p = launch(e, c);
            p.getOutputStream().close();
            StreamPumps.PUMPS.execute(() -> run(e, c, p, null));
            resp.setStatus(HttpServletResponse.SC_OK);
            return;
        }
        HijackHandler.upgrade(req, resp, e.spec.tty() ? AttachController.RAW : AttachController.MULTIPLEXED,
                wc -> StreamPumps.PUMPS.execute(() -> {
                    ExecProcess p;
                    try {
                        p = launch(e, c);
                    } catch (IOException | RuntimeException ex) {
                        // too late for a status code: the message goes into the stream, as from Docker
                        byte[] msg = (ex.getMessage() + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        try {
                            StreamPumps.send(wc.getOutputStream(), msg, 0, msg.length);
                        } catch (IOException ignored) {
                            // the client went away
                        }
                        HijackHandler.end(wc);
                        return;
                    }
                    run(e, c, p, wc);
                }));
    }

    /** Starts the process; a failure leaves the instance as not running with exit code 126. */
    private ExecProcess launch(ExecRegistry.Exec e, Container c) throws IOException {
        ExecProcess p;
        try {
            p = rt.exec(c.id(), e.spec);
        } catch (IOException | RuntimeException ex) {
            synchronized (e) {
                e.running = false;
                e.exitCode = 126;
            }
            execs.persist(e);
            throw ex;
        }
        synchronized (e) {
            e.process = p;
        }
        publish(c, "exec_start: " + String.join(" ", e.spec.cmd()), e, Map.of());
        return p;
    }

    @GetMapping("/exec/{id}/json")
    Map<String, Object> inspect(@PathVariable String id) {
        ExecRegistry.Exec e = execs.get(id);
        Map<String, Object> pc = new LinkedHashMap<>();
        pc.put("tty", e.spec.tty());
        pc.put("entrypoint", e.spec.cmd().get(0));
        pc.put("arguments", e.spec.cmd().subList(1, e.spec.cmd().size()));
        pc.put("privileged", e.spec.privileged());
        if (e.spec.user() != null && !e.spec.user().isEmpty()) {
            pc.put("user", e.spec.user());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        synchronized (e) {
            m.put("ID", e.id);
            m.put("Running", e.running);
            m.put("ExitCode", e.exitCode);
            m.put("ProcessConfig", pc);
            m.put("OpenStdin", e.attachStdin);
            m.put("OpenStderr", e.attachStderr);
            m.put("OpenStdout", e.attachStdout);
            m.put("CanRemove", false);
            m.put("ContainerID", e.containerId);
            m.put("DetachKeys", e.detachKeys == null ? "" : e.detachKeys);
            m.put("Pid", e.process != null && e.running ? e.process.pid() : 0);
        }
        return m;
    }

    @PostMapping("/exec/{id}/resize")
    ResponseEntity<Void> resize(@PathVariable String id, @RequestParam int h, @RequestParam int w) throws IOException {
        ExecRegistry.Exec e = execs.get(id);
        ExecProcess p;
        synchronized (e) {
            p = e.process;
        }
        if (p == null) {
            throw new ConflictException("Exec process " + e.id + " is not running");   // nothing to size yet
        }
        p.resize(h, w);
        return ResponseEntity.ok().build();
    }

    /**
     * Runs the session: process output to the client (framed unless TTY), client input to the
     * process; records the exit code before the stream closes, because the CLI inspects the exec
     * for it right after. A client that detaches or goes away leaves the process running, its
     * output drained and dropped.
     */
    private void run(ExecRegistry.Exec e, Container c, ExecProcess p, WebConnection wc) {
        try {
            OutputStream out = wc == null ? OutputStream.nullOutputStream() : wc.getOutputStream();
            if (wc != null && e.attachStdin) {
                OutputStream stdin = p.getOutputStream();
                StreamPumps.clientInput(wc, new StreamPumps.InputSink() {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        stdin.write(b, off, len);
                        stdin.flush();
                    }

                    @Override
                    public void end() {
                        StreamPumps.closeQuietly(stdin);
                    }
                }, DetachKeys.parse(e.detachKeys), () -> HijackHandler.end(wc));
            } else {
                p.getOutputStream().close();
            }
            CountDownLatch done = new CountDownLatch(2);
            boolean tty = e.spec.tty();
            StreamPumps.PUMPS.execute(() -> copy(p.getInputStream(), out, tty ? 0 : 1, e.attachStdout || tty, done));
            copy(p.getErrorStream(), out, tty ? 0 : 2, e.attachStderr || tty, done);
            done.await();
            int code = p.waitFor();
            synchronized (e) {
                e.running = false;
                e.exitCode = code;
            }
            execs.persist(e);
            publish(c, "exec_die", e, Map.of("exitCode", Integer.toString(code)));
        } catch (IOException | InterruptedException ex) {
            if (ex instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            HijackHandler.end(wc);
        }
    }

    /** Copies one pipe to the client, in Docker's frames when stream > 0; keeps draining once the client is gone. */
    private static void copy(InputStream in, OutputStream out, int stream, boolean forward, CountDownLatch done) {
        byte[] buf = new byte[65536];
        boolean clientOk = forward;
        try (in) {
            int n;
            while ((n = in.read(buf, 8, buf.length - 8)) >= 0) {
                if (!clientOk || n == 0) {
                    continue;
                }
                if (stream > 0) {
                    buf[0] = (byte) stream;
                    buf[1] = buf[2] = buf[3] = 0;
                    buf[4] = (byte) (n >>> 24);
                    buf[5] = (byte) (n >>> 16);
                    buf[6] = (byte) (n >>> 8);
                    buf[7] = (byte) n;
                    clientOk = StreamPumps.send(out, buf, 0, n + 8);
                } else {
                    clientOk = StreamPumps.send(out, buf, 8, n);
                }
            }
        } catch (IOException ignored) {
            // the process side closed
        } finally {
            done.countDown();
        }
    }

    private void publish(Container c, String action, ExecRegistry.Exec e, Map<String, String> extra) {
        Map<String, String> attrs = new LinkedHashMap<>(c.spec().labels());
        attrs.put("execID", e.id);
        attrs.put("image", c.spec().image());
        attrs.put("name", c.name());
        attrs.putAll(extra);
        events.publish(new DockerEvent("container", action, c.id(), attrs, java.time.Instant.now()));
    }
}
