package dev.caisson.engine.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CgroupDriver} shares, run against each implementation on the
 * real kernel. Subclasses say where cgroups live so the test can check for leftovers.
 */
public abstract class CgroupDriverContract {

    protected static final String PARENT = "caisson-test";

    protected CgroupDriver driver;
    protected String path;
    protected final List<Process> processes = new ArrayList<>();
    protected final List<CgroupManager> managers = new ArrayList<>();

    protected abstract CgroupDriver newDriver();

    /** Every host directory where a cgroup of this relative path would live. */
    protected abstract List<Path> locations(String relative);

    @BeforeEach
    void setUp() {
        RootRequired.check();
        driver = newDriver();
        path = PARENT + "/" + UUID.randomUUID().toString().substring(0, 12);
    }

    @AfterEach
    void cleanUp() {
        // kill before destroy: destroy of a populated cgroup would itself have to kill
        processes.forEach(Process::destroyForcibly);
        for (CgroupManager m : managers) {
            m.destroy();
        }
        for (Path dir : locations(path)) {
            assertFalse(Files.exists(dir), dir + " left behind");
        }
        for (Path dir : locations(PARENT)) {
            assertFalse(Files.exists(dir), dir + " (parent) left behind");
        }
    }

    protected CgroupManager create(Resources r) {
        CgroupManager m = driver.create(path, r);
        managers.add(m);
        return m;
    }

    protected Process start(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void createMakesDirectoriesWithProcsFiles() {
        CgroupManager m = create(Resources.none());
        assertEquals(path, m.path());
        for (Path dir : locations(path)) {
            assertTrue(Files.isDirectory(dir), dir + " created");
        }
        for (Path procs : m.procsFiles()) {
            assertTrue(Files.exists(procs), procs + " exists");
        }
        assertTrue(m.pids().isEmpty());
        assertFalse(m.frozen());
    }

    @Test
    void processJoinsFreezesThawsAndIsKilled() throws Exception {
        CgroupManager m = create(Resources.none());
        Process sleep = start("sleep", "60");
        m.addProcess(sleep.pid());
        assertTrue(m.pids().contains((int) sleep.pid()), "pids() " + m.pids() + " has " + sleep.pid());

        m.freeze();
        assertTrue(m.frozen());
        assertTrue(sleep.isAlive());
        m.thaw();
        assertFalse(m.frozen());

        m.freeze();
        m.killAll(); // must thaw for the SIGKILL to land
        assertTrue(sleep.waitFor(5, TimeUnit.SECONDS), "killed");
        assertTrue(m.pids().isEmpty());
        assertFalse(m.frozen());
    }

    @Test
    void destroyKillsWhatIsLeftAndIsIdempotent() throws Exception {
        CgroupManager m = create(Resources.none());
        Process sleep = start("sleep", "60");
        m.addProcess(sleep.pid());
        m.destroy();
        assertTrue(sleep.waitFor(5, TimeUnit.SECONDS), "destroy killed the process");
        for (Path dir : locations(path)) {
            assertFalse(Files.exists(dir), dir + " removed");
        }
        m.destroy();
    }

    @Test
    void openFindsAnExistingCgroup() {
        create(Resources.none());
        CgroupManager reopened = driver.open(path);
        assertEquals(managers.get(0).procsFiles(), reopened.procsFiles());
    }

    @Test
    void sharedParentStaysUntilTheLastChildGoes() {
        CgroupManager first = create(Resources.none());
        CgroupManager second = driver.create(PARENT + "/second-" + UUID.randomUUID().toString().substring(0, 8), Resources.none());
        first.destroy();
        for (Path dir : locations(PARENT)) {
            assertTrue(Files.isDirectory(dir), dir + " still used by the second cgroup");
        }
        second.destroy();
    }
}
