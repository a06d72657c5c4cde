package dev.caisson.engine.runtime;

import static dev.caisson.engine.runtime.RuntimeHarness.busybox;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.cgroup.Resources;
import dev.caisson.engine.cgroup.v1.CgroupV1Driver;
import dev.caisson.engine.cgroup.v1.Hierarchy;
import dev.caisson.testsupport.TestHost;

/** The runtime on this host's cgroup v1 controllers: the shared suite plus enforced limits. */
class ContainerRuntimeV1IT extends ContainerRuntimeSuite {
    private static RuntimeHarness harness;

    @BeforeAll
    static void open() throws IOException {
        TestHost.requireRoot();
        CgroupDriver d = CgroupDriver.detect();
        assertThat(d.version()).as("this suite needs the host's cgroup v1 controllers").isEqualTo(1);
        harness = new RuntimeHarness(d);
    }

    @AfterAll
    static void close() throws IOException {
        if (harness != null) {
            harness.close();
        }
    }

    @Override
    RuntimeHarness h() {
        return harness;
    }

    @Override
    List<Path> cgroupDirs(String id) {
        List<Path> found = new ArrayList<>();
        for (Hierarchy hy : ((CgroupV1Driver) harness.driver).hierarchies()) {
            Path p = hy.mountPoint().resolve(harness.cgroupParent).resolve(id);
            if (Files.exists(p)) {
                found.add(p);
            }
        }
        return found;
    }

    @Test
    void memoryLimitIsVisibleInsideLikeDocker() {
        String out = h().output(busybox("cat", "/sys/fs/cgroup/memory/memory.limit_in_bytes")
                .resources(Resources.none().withMemory(32L << 20)));
        assertThat(out).isEqualTo("33554432\n");
    }

    @Test
    void exceedingTheMemoryLimitIsAnOomKill() {
        String id = h().run(busybox("sh", "-c", "x=$(head -c 100000000 /dev/zero | tr '\\0' x); echo survived")
                .resources(Resources.none().withMemory(32L << 20).withMemorySwap(32L << 20)).build());
        ContainerState s = h().rt().get(id).state();
        assertThat(s.oomKilled()).isTrue();
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(h().logs(id)).doesNotContain("survived");
        h().rt().remove(id, false);
    }

    @Test
    void pidsLimitContainsAForkLoop() {
        String out = h().output(busybox("sh", "-c",
                "(i=0; while [ $i -lt 60 ]; do sleep 5 & i=$((i+1)); done) 2>/dev/null; "
                        // builtins only from here: the limit leaves no room for another process
                        + "read c < /sys/fs/cgroup/pids/pids.current; echo $c; read m < /sys/fs/cgroup/pids/pids.max; echo $m; "
                        + "kill -9 -1")
                .resources(Resources.none().withPidsLimit(20L)));
        List<String> lines = out.lines().toList();
        assertThat(Integer.parseInt(lines.get(lines.size() - 2))).isLessThanOrEqualTo(20);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("20");
    }

    @Test
    void cpuQuotaFromNanoCpusIsWritten() {
        String out = h().output(busybox("sh", "-c", "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/cpu/cpu.shares")
                .resources(Resources.none().withNanoCpus(500_000_000L).withCpuShares(512L)));
        assertThat(out).isEqualTo("50000\n100000\n512\n");
    }

    @Test
    void statsAndPidsOfARunningContainer() throws Exception {
        String id = h().start(busybox("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 60")
                .resources(Resources.none().withMemory(64L << 20)).build());
        try {
            Thread.sleep(500);
            CgroupStats st = h().rt().stats(id);
            assertThat(st.memoryUsage()).isPositive();
            assertThat(st.memoryLimit()).isEqualTo(64L << 20);
            assertThat(st.cpuTotalNanos()).isPositive();
            assertThat(st.pidsCurrent()).isBetween(1L, 3L);
            assertThat(h().rt().pids(id)).contains(h().rt().get(id).state().pid());
        } finally {
            h().rt().remove(id, true);
        }
    }
}
