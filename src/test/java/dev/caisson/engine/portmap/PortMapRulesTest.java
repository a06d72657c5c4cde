package dev.caisson.engine.portmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.nftables.SetElement;
import dev.caisson.engine.portmap.PortMapRules.Mapping;

/** Map elements in the layout nf_tables keeps concatenations: each field in its own 4-byte word. */
class PortMapRulesTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aWildcardPortIsProtocolDotPortToAddressDotPort() {
        Mapping m = new Mapping("abc", "br-1", new PublishedPort("0.0.0.0", 8080, 80, Protocol.TCP),
                PortMapRules.address("172.18.0.2"));
        SetElement e = m.element();
        assertEquals(PortMapRules.WILDCARD, m.set());
        assertEquals("06000000" + "1f900000", HEX.formatHex(e.key()));
        assertEquals("ac120002" + "00500000", HEX.formatHex(e.data()));
        assertEquals("abc br-1", e.comment());
        assertEquals(m, Mapping.of(PortMapRules.WILDCARD, e));
    }

    @Test
    void aPortOnOneHostAddressStartsWithIt() {
        Mapping m = new Mapping("abc", "br-1", new PublishedPort("127.0.0.1", 5353, 53, Protocol.UDP),
                PortMapRules.address("172.18.0.2"));
        assertEquals(PortMapRules.SPECIFIC, m.set());
        assertEquals("7f000001" + "11000000" + "14e90000", HEX.formatHex(m.element().key()));
        assertEquals(m, Mapping.of(PortMapRules.SPECIFIC, m.element()));
    }

    @Test
    void elementsCaissonDidNotWriteAreNotMappings() {
        byte[] key = HEX.parseHex("060000001f900000");
        byte[] data = HEX.parseHex("ac12000200500000");
        assertNull(Mapping.of(PortMapRules.WILDCARD, new SetElement(key, data, null)));
        assertNull(Mapping.of(PortMapRules.WILDCARD, new SetElement(key, data, "no-bridge")));
        assertNull(Mapping.of(PortMapRules.WILDCARD, new SetElement(HEX.parseHex("2f0000001f900000"), data, "a b")));
    }

    @Test
    void bridgeNamesAreZeroPaddedToIfnamsiz() {
        SetElement e = PortMapRules.bridgeElement("br0");
        assertArrayEquals(HEX.parseHex("62723000000000000000000000000000"), e.key());
        assertEquals("br0", PortMapRules.bridgeName(e));
    }
}
