package dev.caisson.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.caisson.engine.linux.Linux;

/** What kernel tests share: the root check, the fixtures, temp dirs short enough for sockets. */
public final class TestHost {
    private TestHost() {
    }

    /** Kernel tests need root; they fail loudly instead of skipping. */
    public static void requireRoot() {
        assertTrue(Linux.isRoot(), "needs root: this integration test creates namespaces, mounts and cgroups "
                + "(run the suite with sudo ./test.sh)");
    }

    /** Loads the busybox fixture as bb:latest into the engine unless it is there already. */
    public static void loadBusybox(dev.caisson.engine.Engine engine) throws IOException {
        if (engine.images().find("bb:latest").isEmpty()) {
            try (var in = Files.newInputStream(fixture("busybox-docker-save.tar"))) {
                engine.images().load(in);
            }
        }
    }

    /** A fixture archive from src/test/resources/fixtures (copies of ../shared/fixtures). */
    public static Path fixture(String name) {
        URL url = TestHost.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A temp dir directly under /tmp: unix socket paths inside it stay under 108 bytes. */
    public static Path shortTempDir(String prefix) throws IOException {
        return Files.createTempDirectory(Path.of("/tmp"), prefix);
    }

    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
