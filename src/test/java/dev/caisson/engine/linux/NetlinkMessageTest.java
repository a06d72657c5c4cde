package dev.caisson.engine.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The byte layout of rtnetlink requests (what the kernel parses), without a kernel. */
class NetlinkMessageTest {
    @Test
    void headerFamilyHeaderAndPaddedAttributes() {
        byte[] m = NetlinkMessage.request(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_ACK).ifinfo(0, 7, 1, 1)
                .attrString(Rtnl.IFLA_IFNAME, "br0").build(42);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        assertThat(m.length).isEqualTo(16 + 16 + 8);          // "br0\0" fits a 4-byte-aligned 8-byte attribute
        assertThat(b.getInt(0)).isEqualTo(m.length);
        assertThat(b.getShort(4)).isEqualTo((short) Rtnl.RTM_NEWLINK);
        assertThat(b.getShort(6)).isEqualTo((short) (Rtnl.NLM_F_ACK | Rtnl.NLM_F_REQUEST));
        assertThat(b.getInt(8)).isEqualTo(42);
        assertThat(b.getInt(20)).isEqualTo(7);                 // ifi_index
        assertThat(b.getInt(24)).isEqualTo(1);                 // ifi_flags
        assertThat(b.getShort(32)).isEqualTo((short) 8);       // rta_len: 4 + "br0\0"
        assertThat(b.getShort(34)).isEqualTo((short) Rtnl.IFLA_IFNAME);
        assertThat(new String(m, 36, 3)).isEqualTo("br0");
    }

    @Test
    void nestedAttributesCarryTheirWholeLength() {
        NetlinkMessage msg = NetlinkMessage.request(Rtnl.RTM_NEWLINK, 0).ifinfo(0, 0, 0, 0);
        int info = msg.nest(Rtnl.IFLA_LINKINFO);
        msg.attrString(Rtnl.IFLA_INFO_KIND, "veth");           // 4 + 5 → padded to 12
        int data = msg.nest(Rtnl.IFLA_INFO_DATA);
        msg.attrInt(Rtnl.IFLA_MTU, 1400).end(data).end(info);
        byte[] m = msg.build(1);
        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
        assertThat(b.getShort(32)).isEqualTo((short) (4 + 12 + 4 + 8));
        Map<Integer, byte[]> top = NetlinkMessage.attributes(b, 32, m.length);
        assertThat(top).containsKey(Rtnl.IFLA_LINKINFO);
        ByteBuffer inner = ByteBuffer.wrap(top.get(Rtnl.IFLA_LINKINFO)).order(ByteOrder.nativeOrder());
        Map<Integer, byte[]> nested = NetlinkMessage.attributes(inner, 0, inner.capacity());
        assertThat(new String(nested.get(Rtnl.IFLA_INFO_KIND), 0, 4)).isEqualTo("veth");
        ByteBuffer dataAttrs = ByteBuffer.wrap(nested.get(Rtnl.IFLA_INFO_DATA)).order(ByteOrder.nativeOrder());
        assertThat(NetlinkMessage.attributes(dataAttrs, 0, dataAttrs.capacity()).get(Rtnl.IFLA_MTU))
                .isEqualTo(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(1400).array());
    }

    @Test
    void routeAndAddressHeaders() {
        byte[] r = NetlinkMessage.request(Rtnl.RTM_NEWROUTE, 0).rtmsg(2, 0, 254, 3, 0, 1).build(1);
        assertThat(r.length).isEqualTo(16 + 12);
        assertThat(r[16]).isEqualTo((byte) 2);
        assertThat(r[20] & 0xff).isEqualTo(254);
        byte[] a = NetlinkMessage.request(Rtnl.RTM_NEWADDR, 0).ifaddr(2, 24, 0, 5).build(1);
        assertThat(a.length).isEqualTo(16 + 8);
        assertThat(a[17]).isEqualTo((byte) 24);
        assertThat(ByteBuffer.wrap(a).order(ByteOrder.nativeOrder()).getInt(20)).isEqualTo(5);
    }
}
