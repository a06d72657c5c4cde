package dev.caisson.engine.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;

class PortSpecsTest {
    @Test
    void dashPForms() {
        assertEquals(List.of(b("", 0, 0, 80, Protocol.TCP)), PortSpecs.parse("80"));
        assertEquals(List.of(b("", 8080, 8080, 80, Protocol.TCP)), PortSpecs.parse("8080:80"));
        assertEquals(List.of(b("127.0.0.1", 5353, 5353, 53, Protocol.UDP)), PortSpecs.parse("127.0.0.1:5353:53/udp"));
        assertEquals(List.of(b("127.0.0.1", 0, 0, 80, Protocol.TCP)), PortSpecs.parse("127.0.0.1::80"));
        assertEquals(List.of(b("", 0, 0, 80, Protocol.TCP)), PortSpecs.parse("0.0.0.0::80/tcp"));
    }

    @Test
    void rangesPairUpOrGiveAPlaceToLook() {
        assertEquals(List.of(b("", 8000, 8000, 80, Protocol.TCP), b("", 8001, 8001, 81, Protocol.TCP)),
                PortSpecs.parse("8000-8001:80-81"));
        assertEquals(List.of(b("", 0, 0, 80, Protocol.UDP), b("", 0, 0, 81, Protocol.UDP)), PortSpecs.parse("80-81/udp"));
        assertEquals(List.of(b("", 8000, 8010, 80, Protocol.TCP)), PortSpecs.parse("8000-8010:80"));
    }

    @Test
    void dockersErrors() {
        assertError("invalid ranges specified for container and host Ports: 80-81 and 8000", "8000:80-81");
        assertError("invalid containerPort: http", "http");
        assertError("invalid containerPort: 70000", "70000");
        assertError("invalid hostPort: x", "x:80");
        assertError("invalid proto: tcpx", "80/tcpx");
        assertError("invalid IP address: 1.2.3.999", "1.2.3.999:80:80");
        assertError("sctp ports cannot be published by Caisson", "80/sctp");
        assertError("IPv6 host addresses cannot be published by Caisson: [::1]:80:80", "[::1]:80:80");
    }

    @Test
    void hostConfigPortBindings() {
        Map<String, List<Map<String, String>>> bindings = new LinkedHashMap<>();
        bindings.put("80/tcp", List.of(Map.of("HostIp", "", "HostPort", "8080"), Map.of("HostIp", "127.0.0.1", "HostPort", "")));
        bindings.put("53/udp", List.of(Map.of("HostPort", "5353")));
        bindings.put("443", Arrays.asList((Map<String, String>) null));
        bindings.put("22/tcp", null);
        bindings.put("9000/tcp", List.of(Map.of("HostIp", "0.0.0.0", "HostPort", "9000-9009")));
        assertEquals(List.of(b("", 8080, 8080, 80, Protocol.TCP), b("127.0.0.1", 0, 0, 80, Protocol.TCP),
                b("", 5353, 5353, 53, Protocol.UDP), b("", 0, 0, 443, Protocol.TCP), b("", 9000, 9009, 9000, Protocol.TCP)),
                PortSpecs.fromPortBindings(bindings));
    }

    private static void assertError(String message, String spec) {
        assertEquals(message, assertThrows(InvalidArgumentException.class, () -> PortSpecs.parse(spec)).getMessage());
    }

    private static PortBinding b(String ip, int start, int end, int container, Protocol p) {
        return new PortBinding(ip, start, end, container, p);
    }
}
