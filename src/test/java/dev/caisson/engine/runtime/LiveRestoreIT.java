package dev.caisson.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.Engine;
import dev.caisson.engine.cgroup.CgroupDriver;
import dev.caisson.testsupport.TestHost;

/**
 * The strong form of live restore: a separate JVM runs the engine, starts a container and
 * is killed with SIGKILL; the container keeps running and a new engine adopts it.
 */
class LiveRestoreIT {
    /** The engine process that gets killed: prints the container id, then waits to die. */
    public static void main(String[] args) throws Exception {
        Engine engine = Engine.open(Path.of(args[0]), Path.of(args[1]), CgroupDriver.detect(), args[2]);
        try (InputStream in = Files.newInputStream(TestHost.fixture("busybox-docker-save.tar"))) {
            engine.images().load(in);
        }
        String id = engine.containers().create(ContainerSpec.builder("bb:latest")
                .cmd("sh", "-c", "echo before; sleep 1; echo after; exec sleep 600").build()).id();
        engine.containers().start(id);
        System.out.println(id);
        System.out.flush();
        Thread.sleep(600_000);
    }

    @Test
    void containerSurvivesSigkillOfTheEngineProcessAndIsAdopted() throws Exception {
        TestHost.requireRoot();
        Path data = TestHost.shortTempDir("clr");
        Path run = TestHost.shortTempDir("clrr");
        String parent = "caisson-lr-" + ProcessHandle.current().pid();
        Process engineJvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LiveRestoreIT.class.getName(),
                data.toString(), run.toString(), parent).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Engine engine = null;
        try {
            String id = new BufferedReader(new InputStreamReader(engineJvm.getInputStream())).readLine();
            assertThat(id).as("container id from the engine process").matches("[0-9a-f]{64}");
            engineJvm.destroyForcibly();   // SIGKILL: no shutdown hooks, no cleanup
            assertThat(engineJvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

            Thread.sleep(1500);   // the container goes on writing while no engine exists
            engine = Engine.open(data, run, CgroupDriver.detect(), parent);
            Container c = engine.containers().get(id);
            assertThat(c.state().status()).isEqualTo(ContainerState.Status.RUNNING);
            StringBuilder logs = new StringBuilder();
            engine.containers().logs(id, LogOptions.all(), e -> logs.append(e.log()) != null);
            assertThat(logs.toString()).isEqualTo("before\nafter\n");
            engine.containers().stop(id, 1, null);
            assertThat(engine.containers().get(id).state().exitCode()).isEqualTo(137);
            engine.containers().remove(id, false);
        } finally {
            engineJvm.destroyForcibly();
            if (engine != null) {
                for (Container c : engine.containers().list()) {
                    engine.containers().remove(c.id(), true);
                }
                engine.close();
            }
            TestHost.deleteTree(data);
            TestHost.deleteTree(run);
        }
    }
}
