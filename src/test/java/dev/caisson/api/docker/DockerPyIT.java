package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/**
 * docker-py (the Docker SDK for Python) against the platform: the scenario in
 * src/test/resources/clients/docker_py_scenario.py loads the fixture, runs, waits, reads logs,
 * execs, attaches, copies files and checks the errors it gets; it prints every check and exits
 * non-zero on any mismatch, so a failure here shows its whole output.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerPyIT {
    private static PlatformDirs dirs;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cpy");
    }

    @AfterAll
    static void clean() throws IOException {
        dirs.delete();
    }

    @Test
    void dockerPyScenarioPasses() throws Exception {
        Path script = Path.of(DockerPyIT.class.getResource("/clients/docker_py_scenario.py").toURI());
        ProcessBuilder pb = new ProcessBuilder(python(), script.toString(),
                TestHost.fixture("busybox-docker-save.tar").toString()).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + dirs.socket());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");   // no __pycache__ next to the script
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the scenario hung:\n" + out).isTrue();
        assertThat(p.exitValue()).as("docker-py scenario:\n" + out).isZero();
        assertThat(out).contains("all checks passed");
    }

    /** The first Python that has docker-py: the one on PATH, or Debian's with python3-docker (test.sh installs it). */
    private static String python() throws IOException, InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import docker").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next
            }
        }
        throw new AssertionError("needs docker-py: install Debian's python3-docker (./test.sh does as root)");
    }
}
