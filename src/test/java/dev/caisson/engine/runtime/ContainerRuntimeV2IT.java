package dev.caisson.engine.runtime;

import static dev.caisson.engine.runtime.RuntimeHarness.busybox;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.cgroup.v2.CgroupV2Driver;
import dev.caisson.testsupport.TestHost;

/**
 * The runtime on a cgroup2 hierarchy mounted by the test. On this hybrid host that tree has
 * no resource controllers (v1 owns them), so limits are covered by the cgroup unit tests; the
 * whole container lifecycle, freezing, the read-only cgroup view and cleanup run for real.
 */
class ContainerRuntimeV2IT extends ContainerRuntimeSuite {
    private static Path mount;
    private static RuntimeHarness harness;

    @BeforeAll
    static void open() throws Exception {
        TestHost.requireRoot();
        mount = TestHost.shortTempDir("cg2");
        exec("mount", "-t", "cgroup2", "none", mount.toString());
        harness = new RuntimeHarness(new CgroupV2Driver(mount));
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (harness != null) {
                harness.close();
            }
        } finally {
            if (mount != null) {
                exec("umount", mount.toString());
                Files.delete(mount);
            }
        }
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
    }

    @Override
    RuntimeHarness h() {
        return harness;
    }

    @Override
    List<Path> cgroupDirs(String id) {
        Path p = mount.resolve(harness.cgroupParent).resolve(id);
        return Files.exists(p) ? List.of(p) : List.of();
    }

    @Test
    void containerSeesItsOwnCgroupReadOnly() {
        String out = h().output(busybox("sh", "-c", "cat /sys/fs/cgroup/cgroup.procs; mkdir /sys/fs/cgroup/x 2>/dev/null || echo ro"));
        assertThat(out.lines().toList()).contains("1", "ro");
    }
}
