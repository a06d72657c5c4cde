package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/** The real docker CLI against Caisson's unix socket: load, run -d, ps, logs, inspect, stop, wait, rm. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerCliIT {
    private static PlatformDirs dirs;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "ccli");
    }

    @AfterAll
    static void clean() throws Exception {
        docker("rm", "-f", "cli-web");
        dirs.delete();
    }

    record Result(int code, String out, String err) {
    }

    static Result docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_HOST", "unix://" + dirs.socket());
        pb.environment().put("DOCKER_CONFIG", dirs.root().resolve("docker-config").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " hung");
        }
        return new Result(p.exitValue(), out, err);
    }

    @Test
    void runDetachedAndManageWithTheRealCli() throws Exception {
        assertThat(docker("version", "--format", "{{.Server.APIVersion}}").out().trim()).isEqualTo("1.41");
        Result load = docker("load", "-i", TestHost.fixture("busybox-docker-save.tar").toString());
        assertThat(load.out()).contains("Loaded image: bb:latest");
        assertThat(docker("images", "--format", "{{.Repository}}:{{.Tag}}").out()).contains("bb:latest");

        Result run = docker("run", "-d", "--name", "cli-web", "bb:latest", "sh", "-c", "echo hello; echo oops >&2; exec sleep 60");
        assertThat(run.code()).as(run.err()).isZero();
        String id = run.out().trim();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(docker("ps", "--format", "{{.Names}} {{.Status}}").out()).startsWith("cli-web Up ");
        Thread.sleep(300);
        Result logs = docker("logs", "cli-web");
        assertThat(logs.out()).isEqualTo("hello\n");
        assertThat(logs.err()).isEqualTo("oops\n");
        assertThat(docker("inspect", "-f", "{{.State.Running}} {{.Name}} {{.Config.Hostname}}", "cli-web").out())
                .isEqualTo("true /cli-web " + id.substring(0, 12) + "\n");
        assertThat(docker("stop", "-t", "1", "cli-web").code()).isZero();
        assertThat(docker("wait", "cli-web").out().trim()).isEqualTo("137");
        assertThat(docker("ps", "-a", "--format", "{{.Status}}").out()).startsWith("Exited (137)");
        assertThat(docker("rm", "cli-web").code()).isZero();
        assertThat(docker("ps", "-a", "-q").out()).isEmpty();
    }

    @Test
    void errorsComeBackInDockersWords() throws Exception {
        Result missing = docker("inspect", "--type", "container", "no-such-thing");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("No such container: no-such-thing");
        Result pull = docker("pull", "alpine");
        assertThat(pull.code()).isNotZero();
        assertThat(pull.err()).contains("not supported by Caisson yet");
    }
}
