package dev.caisson.engine.network;

import static dev.caisson.engine.network.NetworkHarness.busybox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.EngineException;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.NetworkingConfig;
import dev.caisson.testsupport.TestNetworks;

/**
 * Bridge networks through the engine alone: containers reach each other on one network and not
 * across two, connect/disconnect while running, leases, and nothing left behind by rm, kill or
 * failed creates and starts. Traffic stays between namespaces the test made.
 */
class BridgeNetworkIT {
    private static NetworkHarness h;

    @BeforeAll
    static void open() throws IOException {
        h = new NetworkHarness();
    }

    @AfterAll
    static void close() throws IOException {
        if (h != null) {
            h.close();
        }
    }

    @AfterEach
    void clean() {
        for (Container c : h.rt().list()) {
            h.rt().remove(c.id(), true);
        }
        for (Network n : h.networks().list()) {
            if (!n.predefined()) {
                h.networks().remove(n.id());
            }
        }
    }

    @Test
    void containersOnOneNetworkReachEachOtherByAddress() throws Exception {
        Network n = h.networks().create(NetworkCreate.bridge("pingnet"));
        assertThat(TestNetworks.linkExists(n.bridge())).isTrue();
        Container a = h.sleeper("pa", "pingnet");
        Container b = h.sleeper("pb", "pingnet");
        String ipA = h.ip("pa", "pingnet");
        String ipB = h.ip("pb", "pingnet");
        assertThat(ipA).isNotEqualTo(ipB);
        Ipv4.Subnet s = Ipv4.Subnet.parse(n.subnet());
        assertThat(s.contains(Ipv4.parse(ipA))).isTrue();
        assertThat(n.gateway()).isEqualTo(Ipv4.format(s.address(1)));
        assertThat(ipA).isEqualTo(Ipv4.format(s.address(2)));
        assertThat(h.ping("pa", ipB)).as("a pings b").isTrue();
        assertThat(h.ping("pb", ipA)).as("b pings a").isTrue();
        assertThat(h.ping("pa", n.gateway())).as("a pings its gateway").isTrue();
        NetworkHarness.Result addr = h.exec("pa", "sh", "-c", "ip -o -4 addr show eth0; ip route; cat /sys/class/net/eth0/address");
        assertThat(addr.out()).contains("inet " + ipA + "/" + s.prefix())
                .contains("default via " + n.gateway() + " dev eth0")
                .contains(Ipv4.formatMac(Ipv4.mac(Ipv4.parse(ipA))));
        assertThat(h.networks().containers(n.id())).extracting(Endpoint::containerId).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(h.networks().sandboxKey(a.id())).isEqualTo(h.runDir.resolve("netns").resolve(a.id()).toString());
        assertThat(h.exec("pa", "cat", "/etc/hosts").out()).endsWith(ipA + "\t" + a.shortId() + "\n");
    }

    @Test
    void twoNetworksAreIsolatedAndInternalOnesHaveNoWayOut() throws Exception {
        h.networks().create(NetworkCreate.bridge("left"));
        h.networks().create(NetworkCreate.bridge("right"));
        Network inner = h.networks().create(new NetworkCreate("inner", "bridge", true, false, false, null, null, null, null));
        h.sleeper("l1", "left");
        h.sleeper("r1", "right");
        h.sleeper("i1", "inner");
        String right = h.ip("r1", "right");
        assertThat(h.ping("l1", h.ip("r1", "right"))).as("left reaches right").isFalse();
        assertThat(h.ping("r1", h.ip("l1", "left"))).as("right reaches left").isFalse();
        assertThat(h.ping("i1", right)).as("internal reaches out").isFalse();
        assertThat(h.ping("l1", h.ip("i1", "inner"))).as("outside reaches internal").isFalse();
        assertThat(h.exec("i1", "ip", "route").out()).doesNotContain("default");
        assertThat(h.ping("i1", inner.gateway())).as("the host's side of its own bridge").isTrue();
        assertThat(TestNetworks.rulesMentioning(inner.bridge())).isNotEmpty()
                .noneMatch(r -> r.contains("MASQUERADE"));
    }

    @Test
    void connectAndDisconnectARunningContainer() throws Exception {
        Network one = h.networks().create(NetworkCreate.bridge("one"));
        h.networks().create(NetworkCreate.bridge("two"));
        Container a = h.sleeper("ca", "one");
        h.sleeper("cb", "two");
        String b = h.ip("cb", "two");
        assertThat(h.ping("ca", b)).isFalse();
        h.networks().connect("two", "ca", List.of("extra"), null);
        String a2 = h.ip("ca", "two");
        assertThat(a2).isNotNull();
        assertThat(h.exec("ca", "ip", "-o", "-4", "addr", "show", "eth1").out()).contains("inet " + a2 + "/");
        assertThat(h.ping("ca", b)).as("reachable once connected").isTrue();
        assertThat(h.exec("ca", "cat", "/etc/hosts").out()).contains(a2 + "\t" + a.shortId() + "\n");
        Endpoint e = h.networks().endpoints(a.id()).get(1);
        assertThat(e.aliases()).containsExactly("extra");
        assertThat(h.networks().resolve(h.rt().get("cb").id(), "extra")).containsExactly(a2);
        assertThat(h.networks().resolve(h.rt().get("cb").id(), "ca")).containsExactly(a2);
        assertThat(h.networks().resolve(h.rt().get("cb").id(), a.shortId())).containsExactly(a2);
        assertThatThrownBy(() -> h.networks().connect("two", "ca", List.of(), null)).isInstanceOf(ForbiddenException.class)
                .hasMessage("endpoint with name ca already exists in network two");
        h.networks().disconnect("two", "ca", false);
        assertThat(TestNetworks.linkGone(e.hostInterface())).isTrue();
        assertThat(h.exec("ca", "ip", "link", "show", "eth1").code()).isNotZero();
        assertThat(h.ping("ca", b)).as("unreachable once disconnected").isFalse();
        assertThat(h.exec("ca", "cat", "/etc/hosts").out()).doesNotContain(a2);
        assertThat(h.networks().endpoints(a.id())).extracting(Endpoint::networkId).containsExactly(one.id());
        // a stopped container is connected at its next start
        h.rt().stop("ca", 0, null);
        h.networks().connect("two", "ca", List.of(), null);
        assertThat(h.ip("ca", "two")).isNull();
        h.rt().start("ca");
        assertThat(h.ping("ca", b)).isTrue();
    }

    @Test
    void leasesAreNeverDuplicatedAndReleasedAtStop() throws Exception {
        // a /29: 8 addresses, minus network, broadcast and gateway = 5 for containers
        h.networks().create(new NetworkCreate("tiny", "bridge", false, false, false, null,
                List.of(new Network.IpamConfig("10.231.44.0/29", null, null)), null, null));
        Set<String> ips = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Container c = h.sleeper("t" + i, "tiny");
            ids.add(c.id());
            assertThat(ips.add(h.ip(c.id(), "tiny"))).as("a fresh address").isTrue();
        }
        assertThat(ips).containsExactlyInAnyOrder("10.231.44.2", "10.231.44.3", "10.231.44.4", "10.231.44.5", "10.231.44.6");
        Container sixth = h.rt().create(busybox("sleep", "300").name("t5").networkMode("tiny").build());
        assertThatThrownBy(() -> h.rt().start(sixth.id())).isInstanceOf(EngineException.class)
                .hasMessageContaining("no available IPv4 addresses on this network's address pools: tiny");
        assertNoSandbox(sixth.id());
        String freed = h.ip(ids.get(2), "tiny");
        h.rt().stop(ids.get(2), 0, null);
        assertThat(h.ip(ids.get(2), "tiny")).as("released at stop").isNull();
        h.rt().start(sixth.id());
        assertThat(h.ip(sixth.id(), "tiny")).isEqualTo(freed);
        // a static address held by a running container is refused, then free once it stops
        Container fixed = h.rt().create(busybox("sleep", "300").name("fixed").networkMode("tiny")
                .networking(new NetworkingConfig(Map.of("tiny", new NetworkingConfig.Endpoint(null, "10.231.44.3")),
                        null, null, null, null)).build());
        String holder = ids.stream().filter(id -> "10.231.44.3".equals(h.ip(id, "tiny"))).findFirst().orElseThrow();
        assertThatThrownBy(() -> h.rt().start(fixed.id())).hasMessage("Address already in use");
        h.rt().stop(holder, 0, null);
        h.rt().start(fixed.id());
        assertThat(h.ip("fixed", "tiny")).isEqualTo("10.231.44.3");
    }

    @Test
    void nothingIsLeftAfterRemoveKillOrFailedCreate() throws Exception {
        Network n = h.networks().create(NetworkCreate.bridge("leaky"));
        Container removed = h.sleeper("lr", "leaky");
        String veth1 = h.networks().endpoints(removed.id()).get(0).hostInterface();
        assertThat(TestNetworks.linkExists(veth1)).isTrue();
        h.rt().remove(removed.id(), true);
        assertThat(TestNetworks.linkGone(veth1)).isTrue();
        assertNoSandbox(removed.id());
        assertThat(h.networks().endpoints(removed.id())).isEmpty();

        Container killed = h.sleeper("lk", "leaky");
        String veth2 = h.networks().endpoints(killed.id()).get(0).hostInterface();
        h.rt().kill(killed.id(), "KILL");
        h.rt().waitFor(killed.id(), 10, TimeUnit.SECONDS);
        assertThat(TestNetworks.linkGone(veth2)).isTrue();
        assertNoSandbox(killed.id());
        assertThat(h.networks().endpoints(killed.id())).singleElement().satisfies(e -> assertThat(e.live()).isFalse());

        assertThatThrownBy(() -> h.rt().create(busybox("true").name("lf").networkMode("nosuchnet").build()))
                .hasMessage("network nosuchnet not found");
        assertThatThrownBy(() -> h.rt().create(busybox("true").name("lf").networkMode("leaky")
                .networking(new NetworkingConfig(Map.of("leaky", new NetworkingConfig.Endpoint(null, "10.0.0.1")),
                        null, null, null, null)).build()))
                .hasMessage("user specified IP address is supported only when connecting to networks with user configured subnets");
        Container badCmd = h.rt().create(busybox("/no/such/binary").name("lb").networkMode("leaky").build());
        assertThatThrownBy(() -> h.rt().start(badCmd.id())).isInstanceOf(EngineException.class);
        assertNoSandbox(badCmd.id());
        assertThat(h.networks().containers(n.id())).isEmpty();
        for (int i = 0; i < 200 && !ports(n.bridge()).isEmpty(); i++) {
            Thread.sleep(10);   // the veths go with their namespaces, which the kernel tears down in its own time
        }
        assertThat(ports(n.bridge())).isEmpty();

        h.rt().remove(killed.id(), true);
        h.rt().remove(badCmd.id(), true);
        h.networks().remove("leaky");
        assertThat(TestNetworks.linkExists(n.bridge())).isFalse();
        assertThat(TestNetworks.rulesMentioning(n.bridge())).isEmpty();
    }

    @Test
    void defaultBridgeAndSharedNamespaces() throws Exception {
        Network bridge = h.networks().get("bridge");
        assertThat(bridge.bridge()).isEqualTo(h.bridge);
        assertThat(bridge.predefined()).isTrue();
        Container web = h.sleeper("dweb", "default");
        String ip = h.ip("dweb", "bridge");
        assertThat(Ipv4.Subnet.parse(bridge.subnet()).contains(Ipv4.parse(ip))).isTrue();
        Container side = h.sleeper("dside", "container:dweb");
        assertThat(side.spec().networkMode()).isEqualTo("container:" + web.id());
        assertThat(side.config().hostname()).isEqualTo(web.config().hostname());
        assertThat(h.exec("dside", "ip", "-o", "-4", "addr", "show", "eth0").out()).contains("inet " + ip + "/");
        assertThat(h.exec("dside", "cat", "/etc/hosts").out()).isEqualTo(h.exec("dweb", "cat", "/etc/hosts").out());
        assertThatThrownBy(() -> h.networks().remove("bridge")).isInstanceOf(ForbiddenException.class)
                .hasMessage("bridge is a pre-defined network and cannot be removed");
    }

    @Test
    void restartKeepsRunningContainersConnectedAndCleansUpExitedOnes() throws Exception {
        h.networks().create(NetworkCreate.bridge("keep"));
        Container a = h.sleeper("ka", "keep");
        Container b = h.sleeper("kb", "keep");
        Container gone = h.sleeper("kgone", "keep");
        String veth = h.networks().endpoints(gone.id()).get(0).hostInterface();
        h.engine.close();
        new ProcessBuilder("kill", "-KILL", Integer.toString(gone.state().pid())).start().waitFor();
        Path exitFile = h.dataDir.resolve("containers").resolve(gone.id()).resolve("exit.json");
        for (int i = 0; i < 100 && !Files.exists(exitFile); i++) {
            Thread.sleep(50);   // the shim records the exit while no engine runs
        }
        h.reopen();
        assertThat(h.rt().waitFor(gone.id(), 10, TimeUnit.SECONDS)).isPresent();
        assertThat(TestNetworks.linkGone(veth)).isTrue();
        assertNoSandbox(gone.id());
        assertThat(h.ping("ka", h.ip("kb", "keep"))).as("still connected after the restart").isTrue();
        assertThat(h.networks().get("keep").bridge()).satisfies(br -> assertThat(TestNetworks.linkExists(br)).isTrue());
        assertThat(a.id()).isNotEqualTo(b.id());
    }

    @Test
    void hooksHearOfEndpointsComingUpAndGoing() throws Exception {
        h.networks().create(NetworkCreate.bridge("hooked"));
        h.networks().create(NetworkCreate.bridge("later"));
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        Container c = h.rt().create(busybox("sleep", "300").name("hk").networkMode("hooked")
                .networking(new NetworkingConfig(Map.of("hooked", new NetworkingConfig.Endpoint(List.of("svc"), null)),
                        null, null, null, null)).build());
        h.networks().addHooks(new NetworkHooks() {
            @Override
            public void endpointsUp(Sandbox s, List<Attachment> endpoints) {
                record("up", s, endpoints);
            }

            @Override
            public void endpointsDown(Sandbox s, List<Attachment> endpoints) {
                record("down", s, endpoints);
            }

            private void record(String what, Sandbox s, List<Attachment> endpoints) {
                if (s.container().id().equals(c.id())) {
                    assertThat(s.netns()).isEqualTo(h.runDir.resolve("netns").resolve(c.id()));
                    assertThat(Files.exists(s.netns())).as("the namespace exists while hooks run").isTrue();
                    endpoints.forEach(e -> heard.add(what + " " + e.networkName() + " " + e.ipv4() + " " + e.aliases()
                            + " " + e.userDefined() + " " + e.internal()));
                }
            }
        });
        h.rt().start(c.id());
        String ip = h.ip("hk", "hooked");
        h.networks().connect("later", "hk", List.of(), null);
        String ip2 = h.ip("hk", "later");
        h.networks().disconnect("later", "hk", false);
        h.rt().stop("hk", 0, null);
        assertThat(heard).containsExactly("up hooked " + ip + " [svc] true false", "up later " + ip2 + " [] true false",
                "down later " + ip2 + " [] true false", "down hooked " + ip + " [svc] true false");
    }

    private static void assertNoSandbox(String id) {
        assertThat(h.runDir.resolve("netns").resolve(id)).doesNotExist();
        assertThat(h.networks().endpoints(id)).noneMatch(Endpoint::live);
    }

    /** The bridge's ports (veths still attached to it). */
    private static List<String> ports(String bridge) throws IOException {
        Path dir = Path.of("/sys/class/net", bridge, "brif");
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
