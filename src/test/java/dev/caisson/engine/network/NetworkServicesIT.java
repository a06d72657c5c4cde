package dev.caisson.engine.network;

import static dev.caisson.engine.network.NetworkHarness.busybox;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.dns.EmbeddedDns;
import dev.caisson.engine.portmap.PortBinding;
import dev.caisson.engine.portmap.PortPublisher;
import dev.caisson.engine.portmap.Protocol;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.NetworkingConfig;

/**
 * The embedded DNS and published ports wired through the network layer's hooks, as the
 * platform wires them: names resolve between containers of one user network (not across
 * networks, not on the default bridge), a published port answers on 127.0.0.1, and both go
 * with the container. The DNS server has no upstreams here, so no query leaves the machine.
 */
class NetworkServicesIT {
    private static final String TABLE = "caisson_pm_it" + ProcessHandle.current().pid();
    private static NetworkHarness h;
    private static EmbeddedDns dns;
    private static PortPublisher ports;

    @BeforeAll
    static void open() throws IOException {
        h = new NetworkHarness();
        dns = EmbeddedDns.start(List.of());
        ports = PortPublisher.open(TABLE);
        h.networks().addHooks(new EmbeddedDnsHooks(dns, h.networks()));
        h.networks().addHooks(new PortPublisherHooks(ports, h.networks(),
                c -> c.spec().labels().containsKey("publish")
                        ? List.of(PortBinding.of("127.0.0.1", 0, Integer.parseInt(c.spec().labels().get("publish")), Protocol.TCP))
                        : List.of()));
    }

    @AfterAll
    static void close() throws IOException {
        try {
            if (h != null) {
                h.close();
            }
        } finally {
            if (dns != null) {
                dns.close();
            }
            if (ports != null) {
                ports.close();
            }
            PortPublisher.removeTable(TABLE);
        }
    }

    @Test
    void containersOfAUserNetworkFindEachOtherByName() throws Exception {
        h.networks().create(NetworkCreate.bridge("named"));
        h.networks().create(NetworkCreate.bridge("elsewhere"));
        Container web = h.rt().create(busybox("sleep", "300").name("web").networkMode("named")
                .networking(new NetworkingConfig(Map.of("named", new NetworkingConfig.Endpoint(List.of("www"), null)),
                        null, null, null, null)).build());
        h.rt().start(web.id());
        h.sleeper("client", "named");
        h.sleeper("stranger", "elsewhere");
        h.sleeper("plain", "default");
        String ip = h.ip("web", "named");
        assertThat(h.exec("client", "cat", "/etc/resolv.conf").out()).isEqualTo("nameserver 127.0.0.11\noptions ndots:0\n");
        for (String name : List.of("web", "www", web.shortId(), "web.named")) {
            assertThat(h.exec("client", "nslookup", name).out()).as(name).contains("Address: " + ip);
        }
        assertThat(h.exec("client", "ping", "-c1", "-W1", "web").code()).as("ping by name").isZero();
        assertThat(h.exec("stranger", "nslookup", "web").out()).as("another network").doesNotContain(ip);
        assertThat(h.exec("plain", "cat", "/etc/resolv.conf").out()).as("the default bridge has no embedded DNS")
                .doesNotContain("127.0.0.11");
        assertThat(dns.attached()).contains(web.id()).doesNotContain(h.rt().get("plain").id());
        // connecting the stranger to the network makes the name visible to it
        h.networks().connect("named", "stranger", List.of(), null);
        assertThat(h.exec("stranger", "nslookup", "web").out()).contains("Address: " + ip);
        h.rt().stop("web", 0, null);
        assertThat(dns.attached()).doesNotContain(web.id());
        assertThat(h.exec("client", "nslookup", "web").out()).doesNotContain(ip);
        for (Container c : h.rt().list()) {
            h.rt().remove(c.id(), true);
        }
        assertThat(dns.attached()).isEmpty();
        h.networks().remove("named");
        h.networks().remove("elsewhere");
    }

    @Test
    void aPublishedPortAnswersOnLoopbackWhileTheContainerRuns() throws Exception {
        Container srv = h.rt().create(busybox("sh", "-c", "while :; do echo hello | nc -l -p 80; done")
                .name("srv").networkMode("default").label("publish", "80").build());
        h.rt().start(srv.id());
        var published = ports.published(srv.id());
        assertThat(published).singleElement().satisfies(p -> assertThat(p.containerPort()).isEqualTo(80));
        int port = published.get(0).hostPort();
        String answer = "";
        for (int i = 0; i < 50 && !answer.startsWith("hello"); i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(2000);
                try (InputStream in = s.getInputStream()) {
                    answer = new String(in.readNBytes(6));
                }
            } catch (IOException notYet) {
                Thread.sleep(100);   // nc may not listen yet
            }
        }
        assertThat(answer).isEqualTo("hello\n");
        h.rt().stop("srv", 0, null);
        assertThat(ports.published(srv.id())).isEmpty();
        h.rt().remove("srv", true);
    }
}
