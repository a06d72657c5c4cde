package dev.caisson.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.ForbiddenException;

/** What every {@link NetworkRepository} must do; each implementation's test extends this. */
public abstract class NetworkRepositoryContract {
    protected abstract NetworkRepository repository();

    /** The same storage opened again, as a restarted engine would. */
    protected abstract NetworkRepository reopen();

    /** Called before an endpoint of this container is saved: the container exists by then. */
    protected abstract void prepare(String containerId);

    protected static String id(int n) {
        return String.format("%064x", n);
    }

    static Network network(int n, String name) {
        return new Network(id(n), name, "bridge", Instant.parse("2026-01-02T03:04:05.123456789Z"), n % 2 == 0, true,
                Map.of("team", "a"), Map.of("com.docker.network.driver.mtu", "1400"),
                List.of(new Network.IpamConfig("10.9." + n + ".0/24", null, "10.9." + n + ".1")), "10.9." + n + ".0/24",
                "10.9." + n + ".1", null, "br-" + id(n).substring(0, 12), 1400, true, false);
    }

    static Endpoint endpoint(String container, Network n, String ip) {
        Endpoint e = Endpoint.configured(container, n, List.of("web"), null, 0);
        return ip == null ? e : e.up(id(99), ip, "02:42:0a:09:00:02", "veth1234567", "eth0");
    }

    @Test
    void networksComeBackEqualAfterReopening() {
        NetworkRepository r = repository();
        assertThat(r.loadNetworks()).isEmpty();
        Network a = network(1, "one");
        Network b = network(2, "two");
        r.saveNetwork(a);
        r.saveNetwork(b);
        assertThat(reopen().loadNetworks()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void namesAreUnique() {
        NetworkRepository r = repository();
        r.saveNetwork(network(1, "same"));
        assertThatThrownBy(() -> r.saveNetwork(network(2, "same"))).isInstanceOf(ConflictException.class)
                .hasMessage("network with name same already exists");
        r.deleteNetwork(id(1));
        r.saveNetwork(network(2, "same"));
        assertThat(reopen().loadNetworks()).extracting(Network::id).containsExactly(id(2));
    }

    @Test
    void endpointsKeepTheirLeaseAndNoAddressIsHeldTwice() {
        NetworkRepository r = repository();
        Network n = network(1, "one");
        r.saveNetwork(n);
        prepare(id(10));
        prepare(id(11));
        prepare(id(12));
        Endpoint live = endpoint(id(10), n, "10.9.1.2");
        r.saveEndpoint(live);
        r.saveEndpoint(endpoint(id(11), n, null));
        r.saveEndpoint(endpoint(id(12), n, null));   // stopped containers hold no address: no clash
        assertThatThrownBy(() -> r.saveEndpoint(endpoint(id(11), n, "10.9.1.2"))).isInstanceOf(ForbiddenException.class)
                .hasMessage("Address already in use");
        r.saveEndpoint(live.down());
        r.saveEndpoint(endpoint(id(11), n, "10.9.1.2"));   // released, so free
        NetworkRepository again = reopen();
        assertThat(again.loadEndpoints()).containsExactlyInAnyOrder(live.down(), endpoint(id(11), n, "10.9.1.2"),
                endpoint(id(12), n, null));
        again.deleteEndpoint(id(11), n.id());
        again.deleteEndpoint(id(11), n.id());
        assertThat(reopen().loadEndpoints()).extracting(Endpoint::containerId).containsExactlyInAnyOrder(id(10), id(12));
    }
}
