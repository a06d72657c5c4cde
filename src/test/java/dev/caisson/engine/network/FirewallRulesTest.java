package dev.caisson.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The rules a network gets, in `iptables -S` form, all in Caisson's chains. */
class FirewallRulesTest {
    @Test
    void aNetworkIsIsolatedAcceptedAndMasqueraded() {
        List<String> specs = FirewallRules.forNetwork("br-1", "172.18.0.0/16", false).stream()
                .map(r -> r.table() + " " + r.spec()).toList();
        assertThat(specs).containsExactly(
                "filter -A CAISSON-ISOLATION-1 -i br-1 ! -o br-1 -j CAISSON-ISOLATION-2",
                "filter -A CAISSON-ISOLATION-2 -o br-1 -j DROP",
                "filter -A CAISSON-FORWARD -o br-1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "filter -A CAISSON-FORWARD -i br-1 ! -o br-1 -j ACCEPT",
                "filter -A CAISSON-FORWARD -i br-1 -o br-1 -j ACCEPT",
                "nat -A CAISSON-POSTROUTING -s 172.18.0.0/16 ! -o br-1 -j MASQUERADE");
        assertThat(specs).allMatch(s -> s.split(" ")[2].startsWith("CAISSON-"));
    }

    @Test
    void anInternalNetworkHasNoWayOutAndNoMasquerade() {
        List<String> specs = FirewallRules.forNetwork("br-2", "10.0.0.0/24", true).stream().map(FirewallRules.Rule::spec).toList();
        assertThat(specs).containsExactly("-A CAISSON-ISOLATION-1 -i br-2 ! -o br-2 -j DROP",
                "-A CAISSON-ISOLATION-1 ! -i br-2 -o br-2 -j DROP", "-A CAISSON-FORWARD -i br-2 -o br-2 -j ACCEPT");
    }

    @Test
    void onlyTheHostsJumpsLeaveCaissonsChains() {
        assertThat(FirewallRules.base()).extracting(FirewallRules.Rule::spec)
                .containsExactly("-A FORWARD -j CAISSON-FORWARD", "-A POSTROUTING -j CAISSON-POSTROUTING",
                        "-A CAISSON-FORWARD -j CAISSON-ISOLATION-1");
        assertThat(FirewallRules.mentions("-A CAISSON-FORWARD -i br-10 -o br-10 -j ACCEPT", "br-1")).isFalse();
        assertThat(FirewallRules.mentions("-A CAISSON-FORWARD -i br-1 -o br-1 -j ACCEPT", "br-1")).isTrue();
    }
}
