package dev.caisson.engine.network;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.caisson.engine.Engine;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.ExecSpec;
import dev.caisson.testsupport.TestHost;
import dev.caisson.testsupport.TestNetworks;

/** An engine with a default bridge of its own (a unique name) and busybox loaded; removes everything at close. */
final class NetworkHarness implements AutoCloseable {
    final Path dataDir;
    final Path runDir;
    final String bridge = TestNetworks.uniqueBridge();
    final String cgroupParent = "caisson-net-it-" + ProcessHandle.current().pid();
    Engine engine;

    NetworkHarness() throws IOException {
        TestHost.requireRoot();
        dataDir = TestHost.shortTempDir("cnet");
        runDir = TestHost.shortTempDir("rnet");
        open();
        try (InputStream in = Files.newInputStream(TestHost.fixture("busybox-docker-save.tar"))) {
            engine.images().load(in);
        }
    }

    private void open() throws IOException {
        engine = Engine.open(dataDir, runDir, CgroupDriver.detect(), cgroupParent, Engine.Metadata.files(dataDir),
                NetworkOptions.defaults(runDir.resolve("netns")).withDefaultBridge(bridge, null));
    }

    /** Closes and opens the engine on the same directories, as a platform restart does. */
    void reopen() throws IOException {
        engine.close();
        open();
    }

    ContainerRuntime rt() {
        return engine.containers();
    }

    NetworkService networks() {
        return engine.networks();
    }

    static ContainerSpec.Builder busybox(String... cmd) {
        return ContainerSpec.builder("bb:latest").cmd(cmd);
    }

    /** A started `sleep` container on the given network mode. */
    Container sleeper(String name, String networkMode) {
        Container c = rt().create(busybox("sleep", "300").name(name).networkMode(networkMode).build());
        rt().start(c.id());
        return rt().get(c.id());
    }

    /** Exit code and output of a command run inside a running container. */
    Result exec(String container, String... cmd) throws IOException, InterruptedException {
        Process p = rt().exec(container, ExecSpec.of(cmd));
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("exec hung: " + String.join(" ", cmd));
        }
        return new Result(p.exitValue(), out + err);
    }

    boolean ping(String from, String ip) throws IOException, InterruptedException {
        return exec(from, "ping", "-c1", "-W1", ip).code() == 0;
    }

    String ip(String container, String network) {
        String id = rt().get(container).id();
        return networks().endpoints(id).stream().filter(e -> e.networkName().equals(network)).findFirst()
                .map(Endpoint::ipv4).orElse(null);
    }

    record Result(int code, String out) {
    }

    @Override
    public void close() throws IOException {
        List<String> ids = new ArrayList<>();
        engine.containers().list().forEach(c -> ids.add(c.id()));
        for (String id : ids) {
            engine.containers().remove(id, true);
        }
        for (Network n : engine.networks().list()) {
            if (!n.predefined()) {
                engine.networks().remove(n.id());
            }
        }
        engine.close();
        try {
            TestNetworks.removeBridge(bridge);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestHost.deleteTree(dataDir);
        TestHost.deleteTree(runDir);
    }
}
