package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
import dev.caisson.testsupport.TestNetworks;

/**
 * The real docker CLI on networks: network create/ls/inspect/rm/prune/connect/disconnect, and
 * run with --network, --ip, --network-alias, --hostname, --add-host and --dns*, checked in the
 * container's own /etc files and by pings between the test's containers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DockerCliNetworkIT {
    private static PlatformDirs dirs;
    private static boolean loaded;

    @DynamicPropertySource
    static void dirs(DynamicPropertyRegistry r) throws IOException {
        dirs = PlatformDirs.register(r, "cnet");
    }

    @BeforeEach
    void load() throws Exception {
        if (!loaded) {
            assertThat(docker("load", "-i", TestHost.fixture("busybox-docker-save.tar").toString()).code()).isZero();
            loaded = true;
        }
    }

    @AfterEach
    void clean() throws Exception {
        String all = docker("ps", "-aq").out().trim();
        if (!all.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(List.of(all.split("\\s+")));
            docker(args.toArray(String[]::new));
        }
        docker("network", "prune", "-f");
    }

    @AfterAll
    static void delete() throws Exception {
        dirs.delete();
    }

    static DockerCli.Result docker(String... args) throws IOException, InterruptedException {
        return DockerCli.of(dirs).run(args);
    }

    static String ok(String... args) throws IOException, InterruptedException {
        return DockerCli.of(dirs).ok(args);
    }

    @Test
    void networkCommands() throws Exception {
        String id = ok("network", "create", "--subnet", "10.231.50.0/24", "--gateway", "10.231.50.254",
                "--ip-range", "10.231.50.128/25", "--label", "team=a", "-o", "com.docker.network.driver.mtu=1400", "clinet").trim();
        assertThat(id).matches("[0-9a-f]{64}");
        assertThat(ok("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}").lines().toList())
                .contains("bridge bridge local", "host host local", "none null local", "clinet bridge local");
        assertThat(ok("network", "ls", "-q", "-f", "label=team=a")).isEqualTo(id.substring(0, 12) + "\n");
        assertThat(ok("network", "ls", "--format", "{{.Name}}", "-f", "type=custom")).isEqualTo("clinet\n");
        assertThat(ok("network", "ls", "--format", "{{.Name}}", "-f", "dangling=true")).isEqualTo("clinet\n");
        assertThat(ok("network", "ls", "--format", "{{.Name}}", "-f", "driver=null")).isEqualTo("none\n");
        assertThat(ok("network", "inspect", "-f", "{{.Name}} {{.Driver}} {{json .IPAM.Config}} {{.Labels.team}} {{.Options}}",
                id.substring(0, 5))).isEqualTo("clinet bridge [{\"Subnet\":\"10.231.50.0/24\",\"IPRange\":\"10.231.50.128/25\","
                + "\"Gateway\":\"10.231.50.254\"}] a map[com.docker.network.driver.mtu:1400]\n");
        assertThat(ok("network", "inspect", "-f", "{{index .Options \"com.docker.network.bridge.name\"}} {{json .IPAM.Config}}",
                "bridge")).startsWith(dirs.bridge() + " [{\"Subnet\":\"").contains("\"Gateway\":");
        DockerCli.Result dup = docker("network", "create", "clinet");
        assertThat(dup.code()).isNotZero();
        assertThat(dup.err()).contains("network with name clinet already exists");
        DockerCli.Result v6 = docker("network", "create", "--ipv6", "v6net");
        assertThat(v6.err()).contains("IPv6 networks are not supported by Caisson");
        DockerCli.Result overlap = docker("network", "create", "--subnet", "10.231.50.0/25", "overlap");
        assertThat(overlap.err()).contains("Pool overlaps with other one on this address space");
        DockerCli.Result predefined = docker("network", "rm", "host");
        assertThat(predefined.err()).contains("host is a pre-defined network and cannot be removed");

        String web = ok("run", "-d", "--name", "nweb", "--network", "clinet", "bb", "sleep", "300").trim();
        assertThat(ok("exec", "nweb", "ip", "-o", "-4", "addr", "show", "eth0")).contains("inet 10.231.50.128/24");
        assertThat(ok("exec", "nweb", "cat", "/sys/class/net/eth0/mtu")).isEqualTo("1400\n");
        assertThat(ok("ps", "--format", "{{.Names}} {{.Networks}}")).isEqualTo("nweb clinet\n");
        assertThat(ok("ps", "-q", "-f", "network=clinet")).isEqualTo(web.substring(0, 12) + "\n");
        assertThat(ok("network", "inspect", "-f", "{{range $k, $v := .Containers}}{{$v.Name}} {{$v.IPv4Address}} {{$v.MacAddress}}{{end}}",
                "clinet")).isEqualTo("nweb 10.231.50.128/24 02:42:0a:e7:32:80\n");
        DockerCli.Result inUse = docker("network", "rm", "clinet");
        assertThat(inUse.code()).isNotZero();
        assertThat(inUse.err()).contains("error while removing network: network clinet id " + id + " has active endpoints");
        ok("rm", "-f", "nweb");
        assertThat(ok("network", "rm", "clinet")).isEqualTo("clinet\n");
        assertThat(TestNetworks.linkExists("br-" + id.substring(0, 12))).isFalse();
        assertThat(TestNetworks.rulesMentioning("br-" + id.substring(0, 12))).isEmpty();

        ok("network", "create", "--label", "keep=1", "kept");
        ok("network", "create", "unused");
        assertThat(ok("network", "prune", "-f", "--filter", "label!=keep")).contains("unused").doesNotContain("kept");
        assertThat(ok("network", "ls", "--format", "{{.Name}}", "-f", "type=custom")).isEqualTo("kept\n");
    }

    @Test
    void runWithNetworkOptionsWritesDockersEtcFiles() throws Exception {
        ok("network", "create", "--subnet", "10.231.51.0/24", "runnet");
        String id = ok("run", "-d", "--name", "opts", "--network", "runnet", "--ip", "10.231.51.77", "--network-alias", "web",
                "--hostname", "myhost", "--add-host", "foo:10.1.2.3", "--add-host", "bar:10.1.2.4", "--dns", "10.9.9.9",
                "--dns-search", "example.com", "--dns-option", "ndots:2", "bb", "sleep", "300").trim();
        assertThat(ok("exec", "opts", "cat", "/etc/hosts")).isEqualTo("127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\n"
                + "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n10.1.2.3\tfoo\n10.1.2.4\tbar\n10.231.51.77\tmyhost\n");
        assertThat(ok("exec", "opts", "cat", "/etc/hostname")).isEqualTo("myhost\n");
        String resolv = ok("exec", "opts", "cat", "/etc/resolv.conf");
        assertThat(resolv).startsWith("search example.com\nnameserver ").endsWith("\noptions ndots:2\n");
        assertThat(ok("inspect", "-f", "{{.NetworkSettings.Networks.runnet.IPAddress}} {{.NetworkSettings.Networks.runnet.IPPrefixLen}} "
                + "{{.NetworkSettings.Networks.runnet.Gateway}} {{.NetworkSettings.Networks.runnet.MacAddress}} "
                + "{{.NetworkSettings.Networks.runnet.Aliases}} {{.NetworkSettings.Networks.runnet.IPAMConfig.IPv4Address}} "
                + "{{.HostConfig.NetworkMode}} {{.HostConfig.Dns}} {{.HostConfig.ExtraHosts}} {{.NetworkSettings.IPAddress}}", "opts"))
                .isEqualTo("10.231.51.77 24 10.231.51.1 02:42:0a:e7:33:4d [web " + id.substring(0, 12) + "] 10.231.51.77 runnet "
                        + "[10.9.9.9] [foo:10.1.2.3 bar:10.1.2.4] \n");

        // the default bridge: no embedded DNS, so --dns and friends land in resolv.conf as given
        String def = ok("run", "--rm", "--dns", "10.9.9.9", "--dns-search", "example.com", "--dns-option", "ndots:2",
                "bb", "sh", "-c", "cat /etc/resolv.conf; cat /etc/hosts; hostname");
        String hostname = def.lines().reduce((a, b) -> b).orElseThrow();
        assertThat(def).startsWith("search example.com\nnameserver 10.9.9.9\noptions ndots:2\n127.0.0.1\tlocalhost\n")
                .containsPattern("\n172\\.\\d+\\.0\\.\\d+\t" + hostname + "\n");
        DockerCli.Result alias = docker("run", "--rm", "--network-alias", "x", "bb", "true");
        assertThat(alias.err()).contains("network-scoped alias");
        DockerCli.Result noUserSubnet = docker("run", "--rm", "--ip", "172.17.9.9", "bb", "true");
        assertThat(noUserSubnet.err()).contains("user specified IP address is supported on user defined networks only");
        DockerCli.Result none = docker("run", "--rm", "--network", "none", "bb", "sh", "-c", "ip -o link | wc -l; cat /etc/hosts");
        assertThat(none.out()).startsWith("1\n127.0.0.1\tlocalhost\n").doesNotContain("172.");
    }

    @Test
    void connectDisconnectAndEvents() throws Exception {
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        ok("network", "create", "--subnet", "10.231.52.0/24", "front");
        ok("network", "create", "--subnet", "10.231.53.0/24", "back");
        ok("run", "-d", "--name", "app", "--network", "front", "bb", "sleep", "300");
        ok("run", "-d", "--name", "db", "--network", "back", "--ip", "10.231.53.10", "bb", "sleep", "300");
        assertThat(docker("exec", "app", "ping", "-c1", "-W1", "10.231.53.10").code()).as("isolated").isNotZero();
        ok("network", "connect", "--alias", "api", "--ip", "10.231.53.20", "back", "app");
        assertThat(ok("exec", "app", "ip", "-o", "-4", "addr", "show", "eth1")).contains("inet 10.231.53.20/24");
        assertThat(docker("exec", "app", "ping", "-c1", "-W1", "10.231.53.10").code()).as("connected").isZero();
        assertThat(docker("exec", "db", "ping", "-c1", "-W1", "10.231.53.20").code()).as("and back").isZero();
        assertThat(ok("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}", "app"))
                .isEqualTo("back=10.231.53.20 front=10.231.52.2 \n");
        assertThat(ok("ps", "--format", "{{.Networks}}", "-f", "name=app").trim().split(","))
                .containsExactlyInAnyOrder("front", "back");   // the CLI walks a Go map: any order
        DockerCli.Result twice = docker("network", "connect", "back", "app");
        assertThat(twice.err()).contains("endpoint with name app already exists in network back");
        ok("network", "disconnect", "back", "app");
        assertThat(docker("exec", "app", "ip", "link", "show", "eth1").code()).isNotZero();
        assertThat(docker("exec", "app", "ping", "-c1", "-W1", "10.231.53.10").code()).as("disconnected").isNotZero();
        DockerCli.Result notConnected = docker("network", "disconnect", "back", "app");
        assertThat(notConnected.err()).contains("is not connected to network back");
        ok("rm", "-f", "app", "db");
        ok("network", "rm", "front", "back");
        String until = Long.toString(Instant.now().getEpochSecond() + 1);
        String events = ok("events", "--since", since, "--until", until, "--filter", "type=network",
                "--format", "{{.Action}} {{.Actor.Attributes.name}}");
        List<String> seen = events.lines().filter(e -> e.endsWith(" front") || e.endsWith(" back")).toList();
        assertThat(seen).containsSubsequence("create front", "create back", "connect front", "connect back",
                "connect back", "disconnect back", "destroy front", "destroy back");
        assertThat(seen.stream().filter(e -> e.startsWith("disconnect ")))   // the last two as `rm -f` removes (in parallel)
                .containsExactlyInAnyOrder("disconnect back", "disconnect back", "disconnect front");
    }

    @Test
    void statsCountEachContainersTrafficOnItsInterfaces() throws Exception {
        ok("network", "create", "--subnet", "10.231.54.0/24", "statnet");
        ok("run", "-d", "--name", "talker", "--network", "statnet", "bb", "sleep", "300");
        ok("run", "-d", "--name", "listener", "--network", "statnet", "--ip", "10.231.54.10", "bb", "sleep", "300");
        ok("exec", "talker", "ping", "-c", "5", "-s", "1000", "-i", "0.2", "10.231.54.10");
        // five echo requests of 1000 bytes of data each way: more than 5000 bytes sent and received
        String talker = ok("stats", "--no-stream", "--format", "{{.NetIO}}", "talker").trim();
        assertThat(talker).as("docker stats NET I/O").matches("(\\d+\\.?\\d*)kB / (\\d+\\.?\\d*)kB");
        String[] io = talker.replace("kB", "").split(" / ");
        assertThat(Double.parseDouble(io[0])).isGreaterThan(5);
        assertThat(Double.parseDouble(io[1])).isGreaterThan(5);
        assertThat(ok("stats", "--no-stream", "--format", "{{.NetIO}}", "listener").trim()).isNotEqualTo("0B / 0B");
        ok("run", "-d", "--name", "hermit", "--network", "none", "bb", "sleep", "300");
        assertThat(ok("stats", "--no-stream", "--format", "{{.NetIO}}", "hermit").trim()).isEqualTo("0B / 0B");
    }

    @Test
    void containersShareANamespaceAndTheHosts() throws Exception {
        ok("run", "-d", "--name", "owner", "bb", "sleep", "300");
        String ip = ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "owner").trim();
        assertThat(ip).matches("172\\.\\d+\\.0\\.\\d+");
        assertThat(ok("run", "--rm", "--network", "container:owner", "bb", "ip", "-o", "-4", "addr", "show", "eth0"))
                .contains("inet " + ip + "/");
        DockerCli.Result conflict = docker("run", "--rm", "--network", "container:owner", "--hostname", "x", "bb", "true");
        assertThat(conflict.err()).contains("conflicting options: hostname and the network mode");
        assertThat(ok("run", "--rm", "--network", "host", "--add-host", "extra:10.3.3.3", "bb", "tail", "-n1", "/etc/hosts"))
                .isEqualTo("10.3.3.3\textra\n");
    }
}
