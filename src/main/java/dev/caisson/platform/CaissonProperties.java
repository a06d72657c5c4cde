package dev.caisson.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Caisson's settings (Spring properties, so CAISSON_DATA_DIR etc. work as environment variables).
 *
 * @param dataDir   where metadata, images, layers, containers and logs live
 * @param runDir    runtime state that must not outlive a reboot: shim sockets (short paths)
 * @param api       the Docker Engine API endpoint settings
 */
@ConfigurationProperties(prefix = "caisson")
public record CaissonProperties(Path dataDir, Path runDir, Api api) {
    public CaissonProperties {
        dataDir = dataDir == null ? Path.of("/var/lib/caisson") : dataDir;
        runDir = runDir == null ? Path.of("/run/caisson") : runDir;
        api = api == null ? new Api(null) : api;
    }

    /** @param socket the unix socket the Engine API listens on */
    public record Api(Path socket) {
        public Api {
            socket = socket == null ? Path.of("/run/caisson/caisson.sock") : socket;
        }
    }
}
