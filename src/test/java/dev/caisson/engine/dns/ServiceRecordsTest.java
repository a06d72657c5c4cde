package dev.caisson.engine.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.dns.ServiceRecords.Endpoint;

class ServiceRecordsTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final String D = "d".repeat(64);
    private final ServiceRecords records = new ServiceRecords();

    ServiceRecordsTest() {
        records.put(A, "/app", List.of(new Endpoint("front", ip("172.20.0.2"), List.of(), false),
                new Endpoint("back", ip("172.21.0.2"), List.of(), false)));
        records.put(B, "db", List.of(new Endpoint("back", ip("172.21.0.3"), List.of("database", "store"), true)));
        records.put(C, "db2", List.of(new Endpoint("back", ip("172.21.0.4"), List.of("Store"), true)));
        records.put(D, "edge", List.of(new Endpoint("front", ip("172.20.0.5"), List.of(), false)));
    }

    @Test
    void namesAliasesAndShortIdsOfSharedNetworksOnly() {
        assertEquals(List.of(ip("172.21.0.3")), records.addresses(A, "db"));
        assertEquals(List.of(ip("172.21.0.3")), records.addresses(A, "database"));
        assertEquals(List.of(ip("172.21.0.3")), records.addresses(A, "bbbbbbbbbbbb"));
        assertNull(records.addresses(A, "b".repeat(64)), "only the 12-character short ID is a name");
        assertNull(records.addresses(D, "db"), "edge shares no network with db");
        assertEquals(List.of(ip("172.20.0.5")), records.addresses(A, "edge"));
        assertNull(records.addresses("unknown", "db"));
    }

    @Test
    void aSharedAliasAnswersWithEveryAddressCaseInsensitively() {
        assertEquals(Set.of(ip("172.21.0.3"), ip("172.21.0.4")), Set.copyOf(records.addresses(A, "store")));
    }

    @Test
    void nameDotNetworkPicksTheNetwork() {
        assertEquals(List.of(ip("172.20.0.2")), records.addresses(D, "app.front"));
        assertEquals(List.of(ip("172.21.0.2")), records.addresses(B, "app.back"));
        assertEquals(List.of(ip("172.20.0.2")), records.addresses(D, "app"), "the asker's networks decide");
        assertNull(records.addresses(D, "app.back"), "edge is not on back");
    }

    @Test
    void reverseLookupsAndForwarding() {
        assertEquals("db.back", records.hostName(A, ip("172.21.0.3")));
        assertNull(records.hostName(D, ip("172.21.0.3")));
        assertTrue(records.forwards(A));
        assertFalse(records.forwards(B), "only on an internal network");
        records.remove(B);
        assertNull(records.addresses(A, "database"));
    }

    static Inet4Address ip(String s) {
        try {
            return (Inet4Address) InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
