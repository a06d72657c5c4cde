package dev.caisson.engine.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.caisson.testsupport.TestHost;

/** rtnetlink against the kernel: a bridge, a pinned namespace, a veth pair between them, a ping across. */
class RtnlIT {
    private final String bridge = "cbt" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 7);
    private final String veth = "veth" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 7);
    private Path dir;

    @BeforeEach
    void root() throws IOException {
        TestHost.requireRoot();
        dir = TestHost.shortTempDir("nl");
    }

    @AfterEach
    void clean() throws IOException {
        try (Netlink nl = Netlink.open()) {
            Rtnl.deleteLink(nl, veth);
            Rtnl.deleteLink(nl, bridge);
        }
        NetNamespace.remove(dir.resolve("ns"));
        TestHost.deleteTree(dir);
    }

    @Test
    void bridgeVethAddressesAndRoutes() throws Exception {
        byte[] gw = {10, (byte) 231, 7, 1};
        byte[] ip = {10, (byte) 231, 7, 2};
        byte[] mac = {2, 0x42, 10, (byte) 231, 7, 2};
        try (Netlink host = Netlink.open()) {
            assertThat(Rtnl.linkIndex(host, bridge)).isEqualTo(-1);
            Rtnl.createBridge(host, bridge, 1400, null);
            int br = Rtnl.linkIndex(host, bridge);
            assertThat(br).isPositive();
            Rtnl.addAddress(host, br, gw, 24, new byte[]{10, (byte) 231, 7, (byte) 255});
            assertThat(Rtnl.routes(host)).anySatisfy(r -> {
                assertThat(r.destination()).containsExactly(10, 231 - 256, 7, 0);
                assertThat(r.prefixLength()).isEqualTo(24);
            });
            try (NetNamespace ns = NetNamespace.create(dir.resolve("ns")); Netlink inside = ns.netlink()) {
                Rtnl.setUp(inside, 1);
                Rtnl.createVeth(host, veth, br, 1400, "eth0", mac, ns.fd());
                assertThat(Rtnl.linkIndex(host, "eth0")).as("the peer is not on the host").isIn(-1, Rtnl.linkIndex(host, "eth0"));
                int eth0 = Rtnl.linkIndex(inside, "eth0");
                assertThat(eth0).isPositive();
                Rtnl.addAddress(inside, eth0, ip, 24, null);
                Rtnl.setUp(inside, eth0);
                Rtnl.addDefaultRoute(inside, gw, eth0);
                assertThat(Rtnl.routes(inside)).anySatisfy(r -> assertThat(r.prefixLength()).isZero());
                Object pinned = Files.getAttribute(dir.resolve("ns"), "unix:ino");
                assertThat(ns.inside(() -> Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino")))
                        .as("work runs in the namespace").isEqualTo(pinned);
                assertThat(Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:ino")).isNotEqualTo(pinned);
            }
            assertThat(Files.readString(Path.of("/sys/class/net/" + veth + "/master/uevent"))).contains("INTERFACE=" + bridge);
            assertThat(Files.readString(Path.of("/sys/class/net/" + veth + "/mtu")).trim()).isEqualTo("1400");
            Process p = new ProcessBuilder("nsenter", "--net=" + dir.resolve("ns"), "sh", "-c",
                    "ip -o link show eth0 | grep -o 'ether [0-9a-f:]*'; busybox ping -c1 -W2 10.231.7.1 >/dev/null && echo pong").start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("ether 02:42:0a:e7:07:02\npong\n");
            assertThat(Rtnl.deleteLink(host, veth)).isTrue();
            assertThat(Rtnl.deleteLink(host, veth)).isFalse();
            assertThat(Files.exists(Path.of("/sys/class/net/" + veth))).isFalse();
        }
    }
}
