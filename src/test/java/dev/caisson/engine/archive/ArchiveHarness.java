package dev.caisson.engine.archive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import dev.caisson.engine.Engine;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.testsupport.TestHost;

/** An engine in temp dirs with the busybox fixture, and helpers to run containers and read tars. */
final class ArchiveHarness implements AutoCloseable {
    final Path dataDir;
    final Path runDir;
    final Engine engine;
    final ContainerArchive archive;

    ArchiveHarness() throws IOException {
        TestHost.requireRoot();
        dataDir = TestHost.shortTempDir("carc");
        runDir = TestHost.shortTempDir("crun");
        engine = Engine.open(dataDir, runDir, CgroupDriver.detect(), "caisson-arc-it-" + ProcessHandle.current().pid());
        try (InputStream in = Files.newInputStream(TestHost.fixture("busybox-docker-save.tar"))) {
            engine.images().load(in);
        }
        archive = new ContainerArchive(engine.containers());
    }

    ContainerRuntime rt() {
        return engine.containers();
    }

    /** Starts busybox running script, then sleeping; returns once the script has finished. */
    String running(String script, ContainerSpec.Builder spec) {
        String id = rt().create(spec.cmd("sh", "-c", script + "; touch /ready; exec sleep 600").build()).id();
        rt().start(id);
        for (int i = 0; i < 500; i++) {
            try {
                archive.stat(id, "/ready");
                return id;
            } catch (NotFoundException e) {
                sleep(10);
            }
        }
        throw new AssertionError("container script did not finish: " + id);
    }

    /** Starts busybox sleeping (for containers whose user or read-only rootfs cannot write a marker). */
    String sleeping(ContainerSpec.Builder spec) {
        String id = rt().create(spec.cmd("sleep", "600").build()).id();
        rt().start(id);
        return id;
    }

    String running(String script) {
        return running(script, busybox());
    }

    /** Runs script to completion; the container is left stopped. */
    String stopped(String script) {
        String id = rt().create(busybox().cmd("sh", "-c", script).build()).id();
        rt().start(id);
        if (rt().waitFor(id, 60, TimeUnit.SECONDS).isEmpty()) {
            throw new AssertionError("container did not exit: " + id);
        }
        return id;
    }

    static ContainerSpec.Builder busybox() {
        return ContainerSpec.builder("bb:latest");
    }

    byte[] get(String id, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        archive.copyOut(id, path, out);
        return out.toByteArray();
    }

    void put(String id, String path, byte[] tar) {
        archive.copyIn(id, path, new ByteArrayInputStream(tar), false, false);
    }

    /** A tar read back: entries by name, in archive order, with the contents of regular files. */
    record Tar(Map<String, TarArchiveEntry> entries, Map<String, String> contents) {
        List<String> names() {
            return new ArrayList<>(entries.keySet());
        }
    }

    static Tar read(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        Map<String, String> contents = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), e);
                if (e.isFile()) {
                    contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return new Tar(entries, contents);
    }

    /** The lines of the host's mount table that mention path. */
    static List<String> hostMountsOf(Path path) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().filter(l -> l.contains(path.toString())).toList();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        RuntimeException first = null;
        for (var c : rt().list()) {
            try {
                rt().remove(c.id(), true);
            } catch (RuntimeException e) {
                first = first == null ? e : first;   // go on: the others must not be left running
            }
        }
        engine.close();
        TestHost.deleteTree(dataDir);
        TestHost.deleteTree(runDir);
        if (first != null) {
            throw first;
        }
    }
}
