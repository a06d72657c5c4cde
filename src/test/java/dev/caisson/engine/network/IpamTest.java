package dev.caisson.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;

/** Address decisions without a kernel: pools, the next free address, static requests, Docker's refusals. */
class IpamTest {
    private static Network net(String subnet, String gateway, String range, boolean userSubnet, boolean predefined) {
        return new Network("a".repeat(64), "n", "bridge", Instant.EPOCH, false, false, null, null, null, subnet, gateway, range,
                "br-x", 0, userSubnet, predefined);
    }

    @Test
    void poolsAreDockersAndSkipWhatIsTaken() {
        List<Ipv4.Subnet> pools = Ipam.dockerDefaultPools();
        assertThat(pools.get(0)).hasToString("172.17.0.0/16");
        assertThat(pools.get(14)).hasToString("172.31.0.0/16");
        assertThat(pools.get(15)).hasToString("192.168.0.0/20");
        assertThat(pools.get(16)).hasToString("192.168.16.0/20");
        assertThat(Ipam.chooseSubnet(pools, List.of(Ipv4.Subnet.parse("172.17.0.0/16"), Ipv4.Subnet.parse("172.18.5.0/24"))))
                .hasToString("172.19.0.0/16");
        assertThat(Ipam.chooseSubnet(pools, List.of(Ipv4.Subnet.parse("172.16.0.0/12")))).hasToString("192.168.0.0/20");
        assertThatThrownBy(() -> Ipam.chooseSubnet(pools, List.of(Ipv4.Subnet.parse("0.0.0.0/1"), Ipv4.Subnet.parse("128.0.0.0/1"))))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("non-overlapping IPv4 address pool");
    }

    @Test
    void nextIsTheLowestFreeAddressOfTheRange() {
        Network n = net("10.1.0.0/29", "10.1.0.1", null, false, false);
        assertThat(Ipv4.format(Ipam.next(n, Set.of()))).isEqualTo("10.1.0.2");
        assertThat(Ipv4.format(Ipam.next(n, Set.of(Ipv4.parse("10.1.0.2"), Ipv4.parse("10.1.0.4"))))).isEqualTo("10.1.0.3");
        Set<Integer> full = Set.of(Ipv4.parse("10.1.0.2"), Ipv4.parse("10.1.0.3"), Ipv4.parse("10.1.0.4"), Ipv4.parse("10.1.0.5"),
                Ipv4.parse("10.1.0.6"));
        assertThatThrownBy(() -> Ipam.next(n, full)).isInstanceOf(SystemException.class)
                .hasMessageStartingWith("no available IPv4 addresses on this network's address pools: n");
        Network gwFirst = net("10.2.0.0/24", "10.2.0.254", "10.2.0.128/25", true, false);
        assertThat(Ipv4.format(Ipam.next(gwFirst, Set.of()))).isEqualTo("10.2.0.128");
        Network gwInRange = net("10.3.0.0/24", "10.3.0.2", null, true, false);
        assertThat(Ipv4.format(Ipam.next(gwInRange, Set.of()))).isEqualTo("10.3.0.1");
    }

    @Test
    void staticAddressesFollowDockersRules() {
        Network user = net("10.4.0.0/24", "10.4.0.1", null, true, false);
        assertThat(Ipv4.format(Ipam.requested(user, "10.4.0.9", Set.of()))).isEqualTo("10.4.0.9");
        assertThatThrownBy(() -> Ipam.requested(user, "10.4.0.9", Set.of(Ipv4.parse("10.4.0.9"))))
                .isInstanceOf(ForbiddenException.class).hasMessage("Address already in use");
        assertThatThrownBy(() -> Ipam.requested(user, "10.4.0.1", Set.of())).hasMessage("Address already in use");
        assertThatThrownBy(() -> Ipam.requested(user, "10.4.0.0", Set.of())).hasMessage("Address already in use");
        assertThatThrownBy(() -> Ipam.requested(user, "10.5.0.9", Set.of())).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Invalid address 10.5.0.9: It does not belong to any of this network's subnets");
        assertThatThrownBy(() -> Ipam.requested(net("10.6.0.0/24", "10.6.0.1", null, false, false), "10.6.0.9", Set.of()))
                .hasMessage("user specified IP address is supported only when connecting to networks with user configured subnets");
        assertThatThrownBy(() -> Ipam.requested(net("172.17.0.0/16", "172.17.0.1", null, false, true), "172.17.0.9", Set.of()))
                .hasMessage("user specified IP address is supported on user defined networks only");
        assertThatThrownBy(() -> Ipam.requested(user, "fd00::1", Set.of())).hasMessageContaining("IPv6 is not supported");
    }

    @Test
    void subnetArithmetic() {
        Ipv4.Subnet s = Ipv4.Subnet.parse("172.18.3.4/16");
        assertThat(s).hasToString("172.18.0.0/16");
        assertThat(Ipv4.format(s.broadcast())).isEqualTo("172.18.255.255");
        assertThat(s.overlaps(Ipv4.Subnet.parse("172.18.200.0/24"))).isTrue();
        assertThat(s.overlaps(Ipv4.Subnet.parse("172.19.0.0/24"))).isFalse();
        assertThat(s.covers(Ipv4.Subnet.parse("172.18.128.0/17"))).isTrue();
        assertThat(Ipv4.formatMac(Ipv4.mac(Ipv4.parse("172.17.0.2")))).isEqualTo("02:42:ac:11:00:02");
        assertThatThrownBy(() -> Ipv4.Subnet.parse("10.0.0.0/33")).hasMessage("invalid CIDR address: 10.0.0.0/33");
        assertThatThrownBy(() -> Ipv4.Subnet.parse("fd00::/64")).hasMessageContaining("IPv6 is not supported");
        assertThat(Ipv4.parseOrNull("1.2.3")).isNull();
        assertThat(Ipv4.parseOrNull("1.2.3.256")).isNull();
    }
}
