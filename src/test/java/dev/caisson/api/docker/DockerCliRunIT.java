package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/**
 * The real docker CLI in the foreground: run (attached, -i, -it through a pty, --rm), start -a,
 * attach, exec (plain, -i, -it), wait conditions and restart policies, all over the hijacked
 * attach/exec streams.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerCliRunIT {
    private static PlatformDirs dirs;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "crun");
    }

    private static boolean loaded;

    /** Each test needs the image; the platform (and its socket) exists only once Spring started it. */
    @BeforeEach
    void load() throws Exception {
        if (!loaded) {
            assertThat(docker(null, "load", "-i", TestHost.fixture("busybox-docker-save.tar").toString()).code()).isZero();
            loaded = true;
        }
    }

    @AfterAll
    static void clean() throws Exception {
        String all = docker(null, "ps", "-aq").out().trim();
        if (!all.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(all.split("\\s+")));
            docker(null, args.toArray(String[]::new));
        }
        dirs.delete();
    }

    record Result(int code, String out, String err) {
    }

    /** Runs the CLI with the given stdin (null: none) and returns its exit code and output. */
    static Result docker(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        return run(cmd, stdin);
    }

    /** Runs a docker command line inside a pseudo-terminal (util-linux `script`), as a user at a terminal. */
    static Result dockerInPty(String commandLine) throws IOException, InterruptedException {
        return run(List.of("script", "-qec", commandLine, "/dev/null"), null);
    }

    private static Result run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_HOST", "unix://" + dirs.socket());
        pb.environment().put("DOCKER_CONFIG", dirs.root().resolve("docker-config").toString());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        var err = p.getErrorStream();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.complete("");
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " hung");
        }
        t.join();
        return new Result(p.exitValue(), out, errText.join());
    }

    @Test
    void foregroundRunPassesOutputAndExitCode() throws Exception {
        Result r = docker(null, "run", "--name", "fg", "bb", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).contains("err\n");
        // start -a attaches before the start and replays the same streams
        Result again = docker(null, "start", "-a", "fg");
        assertThat(again.out()).isEqualTo("out\n");
        assertThat(again.code()).isEqualTo(3);
        assertThat(docker(null, "rm", "fg").code()).isZero();
    }

    @Test
    void runWithStdinAndRemoveLeavesNothing() throws Exception {
        Result r = docker("line one\nline two\n", "run", "--rm", "-i", "--name", "cat", "bb", "cat");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("line one\nline two\n");
        assertThat(docker(null, "ps", "-a", "--filter", "name=cat", "-q").out()).isEmpty();
        Result detached = docker(null, "run", "-d", "--rm", "--name", "gone", "bb", "true");
        assertThat(detached.code()).isZero();
        for (int i = 0; i < 100 && !docker(null, "ps", "-aq", "--filter", "name=gone").out().isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(docker(null, "ps", "-a", "--format", "{{.Names}}").out()).doesNotContain("gone");
    }

    @Test
    void interactiveTerminalRunAndExec() throws Exception {
        Result run = dockerInPty("docker run --rm -it bb sh -c 'tty; echo from-tty'");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("/dev/pts/0").contains("from-tty");

        assertThat(docker(null, "run", "-d", "--name", "box", "bb", "sleep", "60").code()).isZero();
        Result exec = docker(null, "exec", "box", "sh", "-c", "echo in-exec; echo to-err >&2; exit 4");
        assertThat(exec.code()).isEqualTo(4);
        assertThat(exec.out()).isEqualTo("in-exec\n");
        assertThat(exec.err()).isEqualTo("to-err\n");
        assertThat(docker("piped\n", "exec", "-i", "box", "cat").out()).isEqualTo("piped\n");
        Result tty = dockerInPty("docker exec -it box sh -c 'tty; exit 5'");
        assertThat(tty.code()).isEqualTo(5);
        assertThat(tty.out()).contains("/dev/pts/");
        Result missing = docker(null, "exec", "box", "no-such-binary");
        assertThat(missing.code()).isEqualTo(127);
        assertThat(missing.out() + missing.err()).contains("executable file not found");
        assertThat(docker(null, "rm", "-f", "box").code()).isZero();
    }

    @Test
    void attachToARunningContainerEndsWithIt() throws Exception {
        assertThat(docker(null, "run", "-d", "--name", "talker", "bb", "sh", "-c",
                "sleep 1; echo late-line; exit 7").code()).isZero();
        Result a = docker(null, "attach", "--no-stdin", "talker");
        assertThat(a.out()).isEqualTo("late-line\n");
        assertThat(a.code()).isEqualTo(7);
        Result stopped = docker(null, "attach", "talker");
        assertThat(stopped.code()).isNotZero();
        assertThat(stopped.err()).contains("You cannot attach to a stopped container, start it first");
        assertThat(docker(null, "rm", "talker").code()).isZero();
    }

    @Test
    void healthchecksGoFromStartingToUnhealthyToHealthy() throws Exception {
        assertThat(docker(null, "run", "-d", "--name", "probed", "--health-cmd", "test -f /tmp/ok",
                "--health-interval", "200ms", "--health-retries", "2", "bb", "sleep", "60").code()).isZero();
        assertThat(docker(null, "inspect", "-f", "{{.State.Health.Status}}", "probed").out().trim()).isEqualTo("starting");
        assertThat(awaitHealth("probed", "unhealthy")).isEqualTo("unhealthy");
        assertThat(docker(null, "inspect", "-f", "{{.State.Health.FailingStreak}} {{(index .State.Health.Log 0).ExitCode}}",
                "probed").out().trim()).matches("[2-9] 1");
        assertThat(docker(null, "exec", "probed", "touch", "/tmp/ok").code()).isZero();
        assertThat(awaitHealth("probed", "healthy")).isEqualTo("healthy");
        assertThat(docker(null, "ps", "--filter", "name=probed", "--format", "{{.Status}}").out()).contains("(healthy)");
        assertThat(docker(null, "rm", "-f", "probed").code()).isZero();
    }

    private static String awaitHealth(String name, String want) throws Exception {
        String got = "";
        for (int i = 0; i < 100 && !got.equals(want); i++) {
            Thread.sleep(100);
            got = docker(null, "inspect", "-f", "{{.State.Health.Status}}", name).out().trim();
        }
        return got;
    }

    @Test
    void initReapsOrphansAndPassesSignals() throws Exception {
        // the command is pid 2 under a pid-1 init; an orphaned zombie is reaped by the init
        Result r = docker(null, "run", "--rm", "--init", "bb", "sh", "-c",
                "echo $$; (sleep 0.1 &); sleep 0.5; ps -o stat,comm | grep -c '^Z' || true");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("2\n0\n");
        // SIGTERM to the container reaches the command, which as pid 1 would have ignored it
        assertThat(docker(null, "run", "-d", "--init", "--name", "initd", "bb", "sleep", "60").code()).isZero();
        assertThat(docker(null, "stop", "-t", "20", "initd").code()).isZero();   // 143, not a SIGKILL's 137
        assertThat(docker(null, "inspect", "-f", "{{.State.ExitCode}} {{.HostConfig.Init}}", "initd").out().trim())
                .isEqualTo("143 true");
        assertThat(docker(null, "rm", "initd").code()).isZero();
    }

    @Test
    void restartPoliciesFollowDocker() throws Exception {
        assertThat(docker(null, "run", "-d", "--name", "flaky", "--restart", "on-failure:2", "bb", "sh", "-c", "exit 1")
                .code()).isZero();
        String state = "";
        for (int i = 0; i < 100; i++) {
            state = docker(null, "inspect", "-f", "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}", "flaky").out().trim();
            if (state.equals("exited 2 1")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(state).isEqualTo("exited 2 1");   // 100 ms + 200 ms of backoff, then the limit

        assertThat(docker(null, "run", "-d", "--name", "always", "--restart", "always", "bb", "sh", "-c", "sleep 0.2")
                .code()).isZero();
        String count = "0";
        for (int i = 0; i < 100 && Integer.parseInt(count) < 1; i++) {
            Thread.sleep(100);
            count = docker(null, "inspect", "-f", "{{.RestartCount}}", "always").out().trim();
        }
        assertThat(Integer.parseInt(count)).isPositive();
        assertThat(docker(null, "stop", "-t", "1", "always").code()).isZero();
        Thread.sleep(700);   // longer than the backoff so far: a stopped container must stay stopped
        assertThat(docker(null, "inspect", "-f", "{{.State.Status}}", "always").out().trim()).isEqualTo("exited");

        Result conflict = docker(null, "create", "--rm", "--restart", "always", "bb", "true");
        assertThat(conflict.code()).isNotZero();
        Result bad = docker(null, "create", "--restart", "sometimes", "bb", "true");
        assertThat(bad.code()).isNotZero();
        assertThat(docker(null, "rm", "-f", "flaky", "always").code()).isZero();
    }
}
