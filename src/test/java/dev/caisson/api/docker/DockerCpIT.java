package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/** The real `docker cp` against Caisson, both ways, with running, exited and created containers. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerCpIT {
    private static PlatformDirs dirs;
    private static Path host;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "ccp");
    }

    /** Once, after Spring has started the platform (a @BeforeAll would run before the context exists). */
    @BeforeEach
    void load() throws Exception {
        if (host != null) {
            return;
        }
        host = Files.createDirectory(dirs.root().resolve("host"));
        Result load = docker("load", "-i", TestHost.fixture("busybox-docker-save.tar").toString());
        assertThat(load.out()).contains("Loaded image: bb:latest");
    }

    @AfterAll
    static void clean() throws Exception {
        if (dirs == null) {
            return;
        }
        docker("rm", "-f", "cp-run", "cp-exited", "cp-created");
        dirs.delete();
    }

    record Result(int code, byte[] stdout, String err) {
        String out() {
            return new String(stdout);
        }
    }

    static Result docker(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DOCKER_HOST", "unix://" + dirs.socket());
        pb.environment().put("DOCKER_CONFIG", dirs.root().resolve("docker-config").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + String.join(" ", args) + " hung");
        }
        return new Result(p.exitValue(), out, err);
    }

    static void ok(String... args) throws Exception {
        Result r = docker(args);
        assertThat(r.code()).as("docker " + String.join(" ", args) + ": " + r.err()).isZero();
    }

    private static final String TREE = "mkdir -p /d/sub && echo hi > /d/f && echo g > /d/sub/g && ln -s sub /d/rel";

    @Test
    void copiesOutOfAndIntoARunningContainer() throws Exception {
        ok("run", "-d", "--name", "cp-run", "bb:latest", "sh", "-c", TREE + " && exec sleep 600");
        waitForPath("cp-run", "/d/rel");
        copiesBothWays("cp-run", "run");

        Result tar = docker("cp", "cp-run:/d/f", "-");
        assertThat(tar.code()).as(tar.err()).isZero();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.stdout()))) {
            TarArchiveEntry e = in.getNextEntry();
            assertThat(e.getName()).isEqualTo("f");
            assertThat(new String(in.readAllBytes())).isEqualTo("hi\n");
        }
    }

    @Test
    void copiesOutOfAndIntoExitedAndCreatedContainers() throws Exception {
        ok("create", "--name", "cp-exited", "bb:latest", "sh", "-c", TREE);
        ok("start", "cp-exited");
        assertThat(docker("wait", "cp-exited").out().trim()).isEqualTo("0");
        copiesBothWays("cp-exited", "exited");

        ok("create", "--name", "cp-created", "bb:latest", "true");
        Path file = Files.writeString(host.resolve("created.txt"), "into a created container\n");
        ok("cp", file.toString(), "cp-created:/etc/");
        Path back = host.resolve("created-back.txt");
        ok("cp", "cp-created:/etc/created.txt", back.toString());
        assertThat(Files.readString(back)).isEqualTo("into a created container\n");
    }

    /** Container dir and file to the host, host dir and file into the container and back out. */
    private static void copiesBothWays(String c, String tag) throws Exception {
        Path out = host.resolve(tag + "-out");
        ok("cp", c + ":/d", out.toString());
        assertThat(Files.readString(out.resolve("f"))).isEqualTo("hi\n");
        assertThat(Files.readString(out.resolve("sub/g"))).isEqualTo("g\n");
        assertThat(Files.readSymbolicLink(out.resolve("rel"))).isEqualTo(Path.of("sub"));
        Path single = host.resolve(tag + "-f.txt");
        ok("cp", c + ":/d/f", single.toString());
        assertThat(Files.readString(single)).isEqualTo("hi\n");

        Path src = Files.createDirectories(host.resolve(tag + "-src/inner"));
        Files.writeString(src.resolve("a.txt"), "from the host\n");
        ok("cp", src.getParent().toString(), c + ":/d/");
        Path one = Files.writeString(host.resolve(tag + "-one.txt"), "one file\n");
        ok("cp", one.toString(), c + ":/d/renamed.txt");

        Path back = host.resolve(tag + "-back");
        ok("cp", c + ":/d", back.toString());
        assertThat(Files.readString(back.resolve(tag + "-src/inner/a.txt"))).isEqualTo("from the host\n");
        assertThat(Files.readString(back.resolve("renamed.txt"))).isEqualTo("one file\n");
        assertThat(Files.exists(back.resolve("f"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void missingPathsAreDockersErrors() throws Exception {
        ok("create", "--name", "cp-missing", "bb:latest", "true");
        try {
            Result out = docker("cp", "cp-missing:/nonexist", host.resolve("x").toString());
            assertThat(out.code()).isNotZero();
            assertThat(out.err()).contains("Could not find the file /nonexist in container cp-missing");
            Path file = Files.writeString(host.resolve("in.txt"), "x");
            Result in = docker("cp", file.toString(), "cp-missing:/nonexist/x");
            assertThat(in.code()).isNotZero();
            assertThat(in.err()).contains("Could not find the file /nonexist in container cp-missing");
            Result noContainer = docker("cp", "no-such-container:/x", host.resolve("y").toString());
            assertThat(noContainer.err()).contains("No such container: no-such-container");
        } finally {
            docker("rm", "-f", "cp-missing");
        }
    }

    private static void waitForPath(String c, String path) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (docker("cp", c + ":" + path, "-").code() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " never appeared in " + c);
    }
}
