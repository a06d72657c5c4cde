package dev.caisson.engine.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A netlink request as bytes: the 16-byte nlmsghdr, one fixed family header (ifinfomsg,
 * ifaddrmsg or rtmsg), then rtattr attributes, which may nest. Values only, no I/O, so the
 * layout is unit-tested without a kernel. Host byte order, as netlink wants.
 */
public final class NetlinkMessage {
    static final int HEADER = 16;
    private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    private NetlinkMessage(int type, int flags) {
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    public static NetlinkMessage request(int type, int flags) {
        return new NetlinkMessage(type, flags | Rtnl.NLM_F_REQUEST);
    }

    /** struct ifinfomsg: family, type, index, flags, change. */
    public NetlinkMessage ifinfo(int family, int index, int flags, int change) {
        room(16);
        buf.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
        return this;
    }

    /** struct ifaddrmsg: family, prefix length, flags, scope, index. */
    public NetlinkMessage ifaddr(int family, int prefixLen, int scope, int index) {
        room(8);
        buf.put((byte) family).put((byte) prefixLen).put((byte) 0).put((byte) scope).putInt(index);
        return this;
    }

    /** struct rtmsg: family, dst/src length, tos, table, protocol, scope, type, flags. */
    public NetlinkMessage rtmsg(int family, int dstLen, int table, int protocol, int scope, int type) {
        room(12);
        buf.put((byte) family).put((byte) dstLen).put((byte) 0).put((byte) 0)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) type).putInt(0);
        return this;
    }

    public NetlinkMessage attr(int type, byte[] value) {
        int len = 4 + value.length;
        room(align(len));
        buf.putShort((short) len).putShort((short) type).put(value);
        pad();
        return this;
    }

    public NetlinkMessage attrInt(int type, int value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string attribute (IFLA_IFNAME, IFLA_INFO_KIND). */
    public NetlinkMessage attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    /** Opens a nested attribute; {@link #end} closes it. Returns its position. */
    public int nest(int type) {
        room(4);
        int at = buf.position();
        buf.putShort((short) 0).putShort((short) type);
        return at;
    }

    public NetlinkMessage end(int nestPosition) {
        buf.putShort(nestPosition, (short) (buf.position() - nestPosition));
        return this;
    }

    /** The finished message with its length and sequence number filled in. */
    public byte[] build(int seq) {
        buf.putInt(0, buf.position());
        buf.putInt(8, seq);
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private void room(int n) {
        if (buf.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n)).order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    private void pad() {
        while (buf.position() % 4 != 0) {
            buf.put((byte) 0);
        }
    }

    static int align(int len) {
        return (len + 3) & ~3;
    }

    /** The attributes from offset to end, by type (the last one wins). Values are copies. */
    static Map<Integer, byte[]> attributes(ByteBuffer b, int offset, int end) {
        Map<Integer, byte[]> out = new HashMap<>();
        int at = offset;
        while (at + 4 <= end) {
            int len = b.getShort(at) & 0xffff;
            int type = b.getShort(at + 2) & 0x3fff;   // without NLA_F_NESTED / NLA_F_NET_BYTEORDER
            if (len < 4 || at + len > end) {
                break;
            }
            byte[] v = new byte[len - 4];
            b.get(at + 4, v);
            out.put(type, v);
            at += align(len);
        }
        return out;
    }
}
