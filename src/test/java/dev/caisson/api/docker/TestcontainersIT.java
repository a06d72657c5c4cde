package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import com.github.dockerjava.api.DockerClient;

import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/**
 * Testcontainers against the platform, as a Java project's tests would use Caisson as their
 * Docker host. Testcontainers finds it through the DOCKER_HOST system property, set before its
 * first use (src/test/resources/testcontainers.properties says to read it and turns Ryuk off).
 * The image is the loaded fixture: present locally, so Testcontainers does not pull it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TestcontainersIT {
    private static final DockerImageName BB = DockerImageName.parse("bb:latest");
    private static PlatformDirs dirs;
    private static boolean loaded;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "ctc");
        System.setProperty("DOCKER_HOST", "unix://" + dirs.socket());
    }

    @BeforeEach
    void load() throws Exception {
        if (!loaded) {
            try (var in = java.nio.file.Files.newInputStream(TestHost.fixture("busybox-docker-save.tar"))) {
                client().loadImageCmd(in).exec();
            }
            loaded = true;
        }
    }

    @AfterAll
    static void clean() throws IOException {
        try {
            DockerClient c = client();
            c.listContainersCmd().withShowAll(true).exec()
                    .forEach(x -> c.removeContainerCmd(x.getId()).withForce(true).exec());
        } finally {
            System.clearProperty("DOCKER_HOST");
            dirs.delete();
        }
    }

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    @Test
    void genericContainerWaitsForItsLogLineExecsAndStops() throws Exception {
        try (GenericContainer<?> c = new GenericContainer<>(BB)
                .withCommand("sh", "-c", "echo starting; echo $GREETING; echo ready; exec sleep 60")
                .withEnv("GREETING", "hello")
                .withLabel("scenario", "testcontainers")
                .waitingFor(Wait.forLogMessage("ready\\n", 1).withStartupTimeout(Duration.ofSeconds(30)))) {
            c.start();
            assertThat(c.isRunning()).isTrue();
            assertThat(c.getLogs()).isEqualTo("starting\nhello\nready\n");

            ExecResult r = c.execInContainer("sh", "-c", "echo out; echo err >&2; exit 3");
            assertThat(r.getExitCode()).isEqualTo(3);
            assertThat(r.getStdout()).isEqualTo("out\n");
            assertThat(r.getStderr()).isEqualTo("err\n");

            c.copyFileToContainer(Transferable.of("from java\n"), "/tmp/note.txt");
            assertThat(c.execInContainer("cat", "/tmp/note.txt").getStdout()).isEqualTo("from java\n");
            String back = c.copyFileFromContainer("/tmp/note.txt", in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(back).isEqualTo("from java\n");

            var info = c.getCurrentContainerInfo();
            assertThat(info.getState().getRunning()).isTrue();
            assertThat(info.getConfig().getLabels()).containsEntry("scenario", "testcontainers")
                    .containsEntry("org.testcontainers", "true");
            assertThat(info.getConfig().getEnv()).contains("GREETING=hello");

            // the exit code as docker-java reads it: kill, wait, inspect
            DockerClient docker = c.getDockerClient();
            docker.killContainerCmd(c.getContainerId()).exec();
            assertThat(docker.waitContainerCmd(c.getContainerId()).start().awaitStatusCode()).isEqualTo(137);
            assertThat(c.getCurrentContainerInfo().getState().getExitCodeLong()).isEqualTo(137L);
            String id = c.getContainerId();
            c.stop();
            assertThat(client().listContainersCmd().withShowAll(true).exec()).noneMatch(x -> x.getId().equals(id));
        }
    }

    /** What Testcontainers reads besides containers: version, images by names with a slash, networks. */
    @Test
    void dockerJavaReadsVersionImagesAndNetworks() {
        DockerClient docker = client();
        assertThat(docker.versionCmd().exec().getApiVersion()).isEqualTo("1.41");
        // docker-java sends the slash of a repository name encoded: /images/caisson%2Ftagged:1/json
        docker.tagImageCmd("bb:latest", "caisson/tagged", "1").exec();
        try {
            assertThat(docker.inspectImageCmd("caisson/tagged:1").exec().getRepoTags()).contains("caisson/tagged:1", "bb:latest");
        } finally {
            docker.removeImageCmd("caisson/tagged:1").exec();
        }
        assertThat(docker.listNetworksCmd().exec()).extracting(n -> n.getName()).contains("none", "host");
        assertThat(docker.inspectNetworkCmd().withNetworkId("none").exec().getDriver()).isEqualTo("null");
    }

    @Test
    void oneShotContainersReportTheirExitCode() {
        try (GenericContainer<?> ok = new GenericContainer<>(BB).withCommand("sh", "-c", "echo done")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))) {
            ok.start();
            assertThat(ok.getLogs()).isEqualTo("done\n");
            assertThat(ok.getCurrentContainerInfo().getState().getExitCodeLong()).isZero();
        }
        try (GenericContainer<?> failing = new GenericContainer<>(BB).withCommand("sh", "-c", "exit 5")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(30)))) {
            assertThatThrownBy(failing::start).isInstanceOf(ContainerLaunchException.class);
        }
        assertThat(client().listContainersCmd().withShowAll(true).exec()).isEmpty();   // Testcontainers removed both
    }
}
