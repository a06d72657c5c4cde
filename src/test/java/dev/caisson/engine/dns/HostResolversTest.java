package dev.caisson.engine.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostResolversTest {
    @TempDir
    Path dir;

    @Test
    void readsIpv4NameserversInOrderAtMostThree() throws IOException {
        Path conf = write("resolv.conf", "# comment\nsearch example.com\nnameserver 10.0.0.1\nnameserver fd00::1\n"
                + "nameserver 10.0.0.2\n  nameserver   10.0.0.3  \nnameserver 10.0.0.4\noptions ndots:2\n");
        assertEquals(List.of(at("10.0.0.1"), at("10.0.0.2"), at("10.0.0.3")), HostResolvers.read(conf, dir.resolve("none")));
    }

    @Test
    void behindSystemdResolvedsStubTheRealServersAreUsed() throws IOException {
        Path stub = write("resolv.conf", "nameserver 127.0.0.53\noptions edns0 trust-ad\n");
        Path real = write("systemd.conf", "nameserver 192.168.1.1\n");
        assertEquals(List.of(at("192.168.1.1")), HostResolvers.read(stub, real));
        assertEquals(List.of(at("127.0.0.53")), HostResolvers.read(stub, dir.resolve("missing")));
    }

    @Test
    void withoutAnyServerDockersDefaultsApply() throws IOException {
        assertEquals(List.of(at("8.8.8.8"), at("8.8.4.4")), HostResolvers.read(write("empty", ""), dir.resolve("x")));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static InetSocketAddress at(String ip) {
        return new InetSocketAddress(ip, 53);
    }
}
