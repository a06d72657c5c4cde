package dev.caisson.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** /etc/hosts and resolv.conf as Docker 20.10 writes them (compared with a real dockerd). */
class EtcFilesTest {
    private static final String DEFAULTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            + "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

    @Test
    void hostsListExtraHostsThenTheContainersAddresses() {
        assertThat(EtcFiles.hosts(List.of("foo:10.1.2.3", "bar:10.1.2.4"), List.of("172.18.0.2", "10.77.0.200"), "myhost", ""))
                .isEqualTo(DEFAULTS + "10.1.2.3\tfoo\n10.1.2.4\tbar\n172.18.0.2\tmyhost\n10.77.0.200\tmyhost\n");
        assertThat(EtcFiles.hosts(List.of(), List.of("172.17.0.2"), "h", "dom.ain")).isEqualTo(DEFAULTS + "172.17.0.2\th.dom.ain h\n");
        assertThat(EtcFiles.hosts(List.of(), List.of(), "x", "")).isEqualTo(DEFAULTS);
        assertThat(EtcFiles.hostNetworkHosts("127.0.0.1 localhost", List.of("e:10.3.3.3"))).isEqualTo("127.0.0.1 localhost\n10.3.3.3\te\n");
    }

    @Test
    void resolvConfKeepsTheHostsResolversButNotLoopbackOnes() {
        String host = "# generated\nsearch corp.example\nnameserver 127.0.0.53\nnameserver 10.0.0.2\nnameserver fd00::1\noptions edns0\n";
        assertThat(EtcFiles.resolvConf(host, false, List.of(), List.of(), List.of()))
                .isEqualTo("# generated\nsearch corp.example\nnameserver 10.0.0.2\noptions edns0\n");
        assertThat(EtcFiles.resolvConf("nameserver 127.0.0.1\n", false, List.of(), List.of(), List.of()))
                .isEqualTo("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
        assertThat(EtcFiles.resolvConf(host, false, List.of("10.9.9.9"), List.of("example.com"), List.of("ndots:2")))
                .isEqualTo("search example.com\nnameserver 10.9.9.9\noptions ndots:2\n");
        assertThat(EtcFiles.resolvConf(host, false, List.of("10.9.9.9"), List.of(), List.of()))
                .isEqualTo("search corp.example\nnameserver 10.9.9.9\noptions edns0\n");
    }

    @Test
    void theEmbeddedServerAnswersOnUserDefinedNetworks() {
        assertThat(EtcFiles.resolvConf("nameserver 10.255.255.53\n", true, List.of(), List.of(), List.of()))
                .isEqualTo("nameserver 127.0.0.11\noptions ndots:0\n");
        assertThat(EtcFiles.resolvConf("nameserver 10.255.255.53\n", true, List.of("10.9.9.9"), List.of("example.com"),
                List.of("ndots:2"))).isEqualTo("search example.com\nnameserver 127.0.0.11\noptions ndots:2\n");
    }
}
