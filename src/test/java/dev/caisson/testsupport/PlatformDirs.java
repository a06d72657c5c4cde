package dev.caisson.testsupport;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Throwaway directories for a platform started by a Spring test: data dir, a short run dir
 * (shim sockets must fit in 108 bytes) and the Engine API socket, registered as properties;
 * and a default bridge of its own (engines of other tests may run at the same time), which
 * {@link #delete} removes with its firewall rules; and its own table of published ports.
 */
public record PlatformDirs(Path root, Path run, String bridge, String portTable) {
    public static PlatformDirs register(DynamicPropertyRegistry r, String prefix) throws IOException {
        TestHost.requireRoot();
        PlatformDirs d = new PlatformDirs(TestHost.shortTempDir(prefix), TestHost.shortTempDir("r"), TestNetworks.uniqueBridge(),
                "caisson_test_" + Long.toHexString(System.nanoTime()));
        r.add("caisson.data-dir", () -> d.data().toString());
        r.add("caisson.run-dir", () -> d.run().toString());
        r.add("caisson.api.socket", () -> d.socket().toString());
        r.add("caisson.network.bridge", d::bridge);
        r.add("caisson.network.port-table", d::portTable);
        // names the embedded DNS does not know go nowhere: no test query may leave the machine
        r.add("caisson.network.dns-upstream", () -> "127.0.0.1:1");
        return d;
    }

    public Path data() {
        return root.resolve("data");
    }

    public Path socket() {
        return root.resolve("caisson.sock");
    }

    public void delete() throws IOException {
        try {
            dev.caisson.engine.portmap.PortPublisher.removeTable(portTable);
            TestNetworks.removeBridge(bridge);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestHost.deleteTree(root);
        TestHost.deleteTree(run);
    }
}
