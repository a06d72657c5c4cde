package dev.caisson.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.caisson.engine.Engine;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.testsupport.TestHost;

/** An engine in a temp data dir with the fixture images loaded, and helpers to run containers. */
final class RuntimeHarness implements AutoCloseable {
    final Path dataDir;
    final Path runDir;
    final CgroupDriver driver;
    final String cgroupParent;
    Engine engine;

    RuntimeHarness(CgroupDriver driver) throws IOException {
        TestHost.requireRoot();
        this.dataDir = TestHost.shortTempDir("cit");
        this.runDir = TestHost.shortTempDir("crun");
        this.driver = driver;
        this.cgroupParent = "caisson-it-" + ProcessHandle.current().pid();
        this.engine = Engine.open(dataDir, runDir, driver, cgroupParent);
        for (String f : List.of("busybox-docker-save.tar", "layered-docker-save.tar")) {
            try (InputStream in = Files.newInputStream(TestHost.fixture(f))) {
                engine.images().load(in);
            }
        }
    }

    ContainerRuntime rt() {
        return engine.containers();
    }

    /** Reopens the engine on the same data dir, as a restarted platform would. */
    void reopen() throws IOException {
        engine.close();
        engine = Engine.open(dataDir, runDir, driver, cgroupParent);
    }

    /** create + start + wait; returns the container id. */
    String run(ContainerSpec spec) {
        Container c = rt().create(spec);
        rt().start(c.id());
        if (rt().waitFor(c.id(), 60, TimeUnit.SECONDS).isEmpty()) {
            throw new AssertionError("container did not exit within 60 s: " + c.id());
        }
        return c.id();
    }

    String start(ContainerSpec spec) {
        Container c = rt().create(spec);
        rt().start(c.id());
        return c.id();
    }

    String logs(String id) {
        StringBuilder sb = new StringBuilder();
        try {
            rt().logs(id, LogOptions.all(), e -> sb.append(e.log()) != null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sb.toString();
    }

    /** Output of a command run and removed in a fresh busybox container. */
    String output(ContainerSpec.Builder b) {
        String id = run(b.build());
        String out = logs(id);
        rt().remove(id, true);
        return out;
    }

    static ContainerSpec.Builder busybox(String... cmd) {
        return ContainerSpec.builder("bb:latest").cmd(cmd);
    }

    /** Lines of a process's exec output. */
    static String execOutput(Process p) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out + err;
    }

    @Override
    public void close() throws IOException {
        List<String> ids = new ArrayList<>();
        engine.containers().list().forEach(c -> ids.add(c.id()));
        for (String id : ids) {
            engine.containers().remove(id, true);
        }
        engine.close();
        TestHost.deleteTree(dataDir);
        TestHost.deleteTree(runDir);
    }
}
