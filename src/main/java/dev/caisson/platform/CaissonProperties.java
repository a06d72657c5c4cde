package dev.caisson.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Caisson's settings (Spring properties, so CAISSON_DATA_DIR etc. work as environment variables).
 *
 * @param dataDir   where metadata, images, layers, containers and logs live
 * @param runDir    runtime state that must not outlive a reboot: shim sockets (short paths)
 * @param api       the Docker Engine API endpoint settings
 * @param network   the default bridge network
 */
@ConfigurationProperties(prefix = "caisson")
public record CaissonProperties(Path dataDir, Path runDir, Api api, Network network) {
    public CaissonProperties {
        dataDir = dataDir == null ? Path.of("/var/lib/caisson") : dataDir;
        runDir = runDir == null ? Path.of("/run/caisson") : runDir;
        api = api == null ? new Api(null) : api;
        network = network == null ? new Network(null, null, 0, null, null) : network;
    }

    /**
     * @param bridge        the default bridge's interface (Docker's docker0); "none" for no default
     *                      bridge network (dockerd's --bridge=none)
     * @param defaultSubnet its subnet, e.g. 172.17.0.0/16; unset: the first of Docker's pools
     *                      that no route of the host overlaps
     * @param mtu           its MTU (1500 when unset)
     * @param portTable     the nf_tables table (family ip) holding published ports; one per
     *                      platform on a host (tests run several)
     * @param dnsUpstream   where the embedded DNS forwards names it does not know ("ip[:port]",
     *                      comma-separated); unset: the host's resolvers, as Docker does
     */
    public record Network(String bridge, String defaultSubnet, int mtu, String portTable, String dnsUpstream) {
        public Network {
            bridge = bridge == null || bridge.isEmpty() ? "caisson0" : bridge;
            portTable = portTable == null || portTable.isEmpty() ? "caisson_portmap" : portTable;
        }
    }

    /** @param socket the unix socket the Engine API listens on */
    public record Api(Path socket) {
        public Api {
            socket = socket == null ? Path.of("/run/caisson/caisson.sock") : socket;
        }
    }
}
