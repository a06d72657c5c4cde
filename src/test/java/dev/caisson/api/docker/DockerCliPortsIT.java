package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.caisson.testsupport.DockerCli;
import dev.caisson.testsupport.PlatformDirs;
import dev.caisson.testsupport.TestHost;

/**
 * Published ports and name resolution through the real docker CLI: -p/-P, `docker port`, ps
 * and inspect; a web server reached at 127.0.0.1, a UDP echo inside a container's namespace
 * reached through its published port; containers finding each other by name and alias on a
 * user network and not on the default bridge; a port that is taken refuses the start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerCliPortsIT {
    private static final Pattern MAPPING = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static PlatformDirs dirs;
    private static DockerCli cli;
    private static boolean loaded;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cport");
        cli = DockerCli.of(dirs);
    }

    @BeforeEach
    void load() throws Exception {
        if (!loaded) {
            cli.ok("load", "-i", TestHost.fixture("busybox-docker-save.tar").toString());
            loaded = true;
        }
    }

    @AfterEach
    void clean() throws Exception {
        cli.removeAllContainers();
        cli.run("network", "prune", "-f");
    }

    @AfterAll
    static void delete() throws Exception {
        dirs.delete();
    }

    private static final String WEB = "mkdir -p /www && echo hello from $(hostname) > /www/index.html && exec httpd -f -p 8080 -h /www";

    private static String fetch(int port) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Exception last = null;
        for (int i = 0; i < 50; i++) {   // httpd may need a moment to listen
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    private static int hostPort(String portOutput) {
        Matcher m = MAPPING.matcher(portOutput);
        assertThat(m.find()).as(portOutput).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void publishedTcpPortServesAtLoopback() throws Exception {
        String id = cli.ok("run", "-d", "--name", "pweb", "-p", "127.0.0.1::8080", "bb", "sh", "-c", WEB).trim();
        String port = cli.ok("port", "pweb");
        int hp = hostPort(port);
        assertThat(port).isEqualTo("8080/tcp -> 127.0.0.1:" + hp + "\n");
        assertThat(fetch(hp)).isEqualTo("hello from " + id.substring(0, 12) + "\n");
        assertThat(cli.ok("ps", "--format", "{{.Ports}}")).isEqualTo("127.0.0.1:" + hp + "->8080/tcp\n");
        assertThat(cli.ok("inspect", "-f", "{{json .NetworkSettings.Ports}} {{json .HostConfig.PortBindings}} {{json .Config.ExposedPorts}}", "pweb"))
                .isEqualTo("{\"8080/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"" + hp + "\"}]} "
                        + "{\"8080/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"\"}]} {\"8080/tcp\":{}}\n");

        DockerCli.Result taken = cli.run("run", "-d", "--name", "pclash", "-p", "127.0.0.1:" + hp + ":8080", "bb", "sleep", "60");
        assertThat(taken.code()).isNotZero();
        assertThat(taken.err()).contains("127.0.0.1:" + hp).contains("already");
        assertThat(cli.ok("ps", "-a", "--filter", "name=pclash", "--format", "{{.State}}")).isEqualTo("created\n");

        cli.ok("stop", "-t", "1", "pweb");
        assertThat(cli.ok("port", "pweb")).isEmpty();
        cli.ok("start", "pweb");
        assertThat(fetch(hostPort(cli.ok("port", "pweb")))).startsWith("hello from");
    }

    @Test
    void publishAllTakesExposedPorts() throws Exception {
        cli.ok("run", "-d", "--name", "pall", "-P", "--expose", "7000", "--expose", "7001/udp", "bb", "sleep", "60");
        String port = cli.ok("port", "pall");
        assertThat(port).contains("7000/tcp -> 0.0.0.0:").contains("7001/udp -> 0.0.0.0:");
        cli.ok("run", "-d", "--name", "pexp", "--expose", "9000", "bb", "sleep", "60");
        assertThat(cli.ok("ps", "--filter", "name=pexp", "--format", "{{.Ports}}")).isEqualTo("9000/tcp\n");
    }

    @Test
    void publishedUdpPortReachesTheContainer() throws Exception {
        cli.ok("run", "-d", "--name", "pudp", "-p", "127.0.0.1::9999/udp", "bb", "sleep", "120");
        int hp = Integer.parseInt(cli.ok("port", "pudp", "9999/udp").trim().replaceAll(".*:", ""));
        String pid = cli.ok("inspect", "-f", "{{.State.Pid}}", "pudp").trim();
        // a UDP echo inside the container's network namespace (busybox has no UDP server)
        Process echo = new ProcessBuilder("nsenter", "--net=/proc/" + pid + "/ns/net", "/usr/bin/python3", "-c",
                "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('0.0.0.0',9999))\n"
                        + "while True:\n d,a=s.recvfrom(2048)\n s.sendto(b'echo:'+d,a)\n").redirectErrorStream(true).start();
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(300);
            byte[] buf = new byte[64];
            String got = null;
            for (int i = 0; i < 30 && got == null; i++) {
                byte[] msg = "ping".getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), hp));
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    got = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                } catch (java.net.SocketTimeoutException notYet) {
                    // the echo may still be starting
                }
            }
            assertThat(got).isEqualTo("echo:ping");
        } finally {
            echo.destroyForcibly().waitFor();
        }
    }

    @Test
    void containersResolveEachOtherOnUserNetworksOnly() throws Exception {
        cli.ok("network", "create", "appnet");
        cli.ok("run", "-d", "--name", "svc", "--network", "appnet", "--network-alias", "www", "bb", "sh", "-c", WEB);
        String shortId = cli.ok("inspect", "-f", "{{.Id}}", "svc").substring(0, 12);
        String ip = cli.ok("inspect", "-f", "{{.NetworkSettings.Networks.appnet.IPAddress}}", "svc").trim();
        // busybox's own resolver asks 127.0.0.11 (its static glibc cannot load NSS modules, so wget
        // and nc cannot look names up at all, and its wget crashes on this machine: see the note)
        assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        for (String name : new String[]{"svc", "www", shortId, "SVC"}) {
            String out = cli.run("run", "--rm", "--network", "appnet", "bb", "nslookup", name).out();
            assertThat(out).as("by " + name).contains("Address: " + ip);
        }
        // the page is fetched from the address inspect gives, never from a DNS answer: should the
        // embedded DNS fail, no request may go to whatever a forwarded query answered
        String page = cli.ok("run", "--rm", "--network", "appnet", "bb", "sh", "-c",
                "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc " + ip + " 8080");
        assertThat(page).startsWith("HTTP/1.1 200 OK").endsWith("hello from " + shortId + "\n");
        assertThat(cli.ok("run", "--rm", "--network", "appnet", "bb", "cat", "/etc/resolv.conf")).contains("nameserver 127.0.0.11");
        // the default bridge has no embedded DNS (Docker's rule): its containers ask the host's resolvers,
        // which this test must not reach (no packet may leave the machine), so only the file is checked
        assertThat(cli.ok("run", "--rm", "bb", "cat", "/etc/resolv.conf")).doesNotContain("127.0.0.11");
    }
}
