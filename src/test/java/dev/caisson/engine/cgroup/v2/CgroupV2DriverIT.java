package dev.caisson.engine.cgroup.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.engine.cgroup.CgroupDriverContract;
import dev.caisson.engine.cgroup.CgroupFiles;
import dev.caisson.engine.cgroup.CgroupManager;
import dev.caisson.engine.cgroup.Resources;
import dev.caisson.engine.cgroup.RootRequired;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The v2 driver on a cgroup2 mount this test makes. On a hybrid host that is the same tree
 * as /sys/fs/cgroup/unified and has (almost) no controllers, so it covers the core files
 * (procs, freeze, kill, events) for real; limit files are covered by {@link V2FakeTreeTest}.
 */
class CgroupV2DriverIT extends CgroupDriverContract {

    private static Path mount;

    @BeforeAll
    static void mountCgroup2() throws Exception {
        RootRequired.check();
        mount = Files.createTempDirectory("caisson-cgroup2-");
        run("mount", "-t", "cgroup2", "none", mount.toString());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mount != null) {
            run("umount", mount.toString());
            Files.delete(mount);
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    @Override
    protected CgroupDriver newDriver() {
        return new CgroupV2Driver(mount);
    }

    @Override
    protected List<Path> locations(String relative) {
        return List.of(mount.resolve(relative));
    }

    @Test
    void singleTreeBindAndEventsFiles() {
        CgroupManager m = create(Resources.none());
        assertEquals(Map.of("", mount.resolve(path)), m.containerBinds());
        assertEquals(Map.of(), m.containerSymlinks());
        assertEquals(List.of(mount.resolve(path).resolve("cgroup.procs")), m.procsFiles());
        assertEquals(mount.resolve(path).resolve("memory.events"), m.oomEventsFile());
        assertEquals(2, driver.version());
    }

    @Test
    void limitOnAControllerTheTreeLacksIsRefusedAndNothingIsLeft() {
        String available = CgroupFiles.read(mount.resolve("cgroup.controllers"));
        if (available.contains("pids")) {
            return; // a v2 host with pids would enforce the limit; this case needs it absent
        }
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> driver.create(path, Resources.none().withPidsLimit(20L)));
        assertTrue(e.getMessage().contains("\"pids\""), e.getMessage());
        assertFalse(Files.exists(mount.resolve(path)));
    }

    @Test
    void statsOnABareTreeStillReadTheCoreCpuCounters() {
        CgroupManager m = create(Resources.none());
        Process p = start("sh", "-c", "sleep 0.3; i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done; sleep 60");
        m.addProcess(p.pid());
        assertTrue(CgroupFiles.await(() -> m.stats().cpuTotalNanos() > 0, 15_000), "cpu.stat usage_usec counts");
    }
}
