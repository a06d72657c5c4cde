package dev.caisson.testsupport;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Throwaway directories for a platform started by a Spring test: data dir, a short run dir
 * (shim sockets must fit in 108 bytes) and the Engine API socket, registered as properties.
 */
public record PlatformDirs(Path root, Path run) {
    public static PlatformDirs register(DynamicPropertyRegistry r, String prefix) throws IOException {
        TestHost.requireRoot();
        PlatformDirs d = new PlatformDirs(TestHost.shortTempDir(prefix), TestHost.shortTempDir("r"));
        r.add("caisson.data-dir", () -> d.data().toString());
        r.add("caisson.run-dir", () -> d.run().toString());
        r.add("caisson.api.socket", () -> d.socket().toString());
        return d;
    }

    public Path data() {
        return root.resolve("data");
    }

    public Path socket() {
        return root.resolve("caisson.sock");
    }

    public void delete() throws IOException {
        TestHost.deleteTree(root);
        TestHost.deleteTree(run);
    }
}
