package dev.caisson.engine.volume;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.caisson.engine.Engine;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.LogOptions;
import dev.caisson.engine.runtime.VolumeConfig;
import dev.caisson.testsupport.TestHost;

/**
 * An engine in temp dirs with the busybox and layered fixtures, its volume events recorded, and
 * helpers to run containers. Closing removes every container and volume, checks that nothing
 * is left mounted under the data dir, and deletes the dirs.
 */
final class VolumeHarness implements AutoCloseable {
    final Path dataDir;
    final Path runDir;
    final String cgroupParent = "caisson-vol-it-" + ProcessHandle.current().pid();
    final List<VolumeEvent> events = new CopyOnWriteArrayList<>();
    Engine engine;

    VolumeHarness() throws IOException {
        TestHost.requireRoot();
        dataDir = TestHost.shortTempDir("cvol");
        runDir = TestHost.shortTempDir("crun");
        open();
        for (String f : List.of("busybox-docker-save.tar", "layered-docker-save.tar")) {
            try (InputStream in = Files.newInputStream(TestHost.fixture(f))) {
                engine.images().load(in);
            }
        }
    }

    private void open() throws IOException {
        engine = Engine.open(dataDir, runDir, CgroupDriver.detect(), cgroupParent);
        engine.volumes().addListener(events::add);
    }

    /** Closes and opens the engine on the same dirs, as a restarted platform does. */
    void reopen() throws IOException {
        engine.close();
        open();
    }

    ContainerRuntime rt() {
        return engine.containers();
    }

    VolumeService volumes() {
        return engine.volumes();
    }

    static ContainerSpec.Builder busybox(String script) {
        return ContainerSpec.builder("bb:latest").cmd("sh", "-c", script);
    }

    static VolumeConfig binds(String... binds) {
        return new VolumeConfig(List.of(binds), null, null, null, null, null);
    }

    /** create + start + wait; returns the id (the container stays). */
    String run(ContainerSpec spec) {
        String id = rt().create(spec).id();
        rt().start(id);
        if (rt().waitFor(id, 60, TimeUnit.SECONDS).isEmpty()) {
            throw new AssertionError("container did not exit within 60 s: " + id);
        }
        return id;
    }

    /** Runs a script in busybox with these mounts and returns its exit code and output; the container is removed (-v). */
    String output(VolumeConfig mounts, String script) {
        String id = run(busybox(script).volumes(mounts).build());
        String out = rt().waitFor(id).exitCode() + ":" + logs(id);
        rt().remove(id, true, true);
        return out;
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

    /** The host's mount table lines under a path. */
    static List<String> mountsUnder(Path path) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 1 && f[1].startsWith(path.toString())) {
                out.add(line);
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        List<String> ids = new ArrayList<>();
        engine.containers().list().forEach(c -> ids.add(c.id()));
        for (String id : ids) {
            engine.containers().remove(id, true, true);
        }
        for (Volume v : engine.volumes().list()) {
            engine.volumes().remove(v.name(), true);
        }
        List<String> left = mountsUnder(dataDir);
        for (String line : left) {   // never delete through a mount left behind
            dev.caisson.engine.linux.Linux.unmount(Path.of(line.split(" ")[1]), dev.caisson.engine.linux.Linux.MNT_DETACH);
        }
        engine.close();
        TestHost.deleteTree(dataDir);
        TestHost.deleteTree(runDir);
        if (!left.isEmpty()) {
            throw new AssertionError("mounts left under the data dir: " + left);
        }
    }
}
