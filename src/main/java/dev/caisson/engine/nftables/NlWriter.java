package dev.caisson.engine.nftables;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes netlink messages: a 16-byte header and nfgenmsg, then type-length-value attributes
 * padded to 4 bytes. Headers are in host order; nf_tables wants its integers big-endian,
 * hence {@link #u32}.
 */
final class NlWriter {
    static final int NLA_F_NESTED = 0x8000;

    private ByteBuffer buf = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());

    /** Starts a message; returns its offset for {@link #end}. */
    int begin(int type, int flags, int seq, int family, int resId) {
        align();
        int start = buf.position();
        ensure(20);
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        buf.put((byte) family).put((byte) 0).put((byte) (resId >> 8)).put((byte) resId);
        return start;
    }

    void end(int start) {
        buf.putInt(start, buf.position() - start);
        align();
    }

    NlWriter bytes(int type, byte[] value) {
        align();
        ensure(4 + value.length + 3);
        buf.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        align();
        return this;
    }

    NlWriter string(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return bytes(type, Arrays.copyOf(s, s.length + 1));
    }

    /** A 32-bit integer in network order, as nf_tables reads them (ntohl). */
    NlWriter u32(int type, int value) {
        return bytes(type, ByteBuffer.allocate(4).putInt(value).array());
    }

    int nest(int type) {
        align();
        ensure(4);
        int start = buf.position();
        buf.putShort((short) 0).putShort((short) (type | NLA_F_NESTED));
        return start;
    }

    void endNest(int start) {
        buf.putShort(start, (short) (buf.position() - start));
    }

    byte[] toBytes() {
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private void align() {
        ensure(3);
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                    .order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }
}
