package dev.caisson.engine.nftables;

import java.nio.ByteBuffer;

/** Walks the attributes between two offsets of a netlink message. */
final class NlReader {
    private final ByteBuffer buf;
    private final int end;
    private int next;
    private int pos = -1;
    private int len;
    private int type;

    NlReader(ByteBuffer buf, int start, int end) {
        this.buf = buf;
        this.next = start;
        this.end = Math.min(end, buf.limit());
    }

    boolean next() {
        if (next + 4 > end) {
            return false;
        }
        pos = next;
        len = buf.getShort(pos) & 0xffff;
        type = buf.getShort(pos + 2) & 0x3fff;
        if (len < 4 || pos + len > end) {
            return false;
        }
        next = pos + ((len + 3) & ~3);
        return true;
    }

    int type() {
        return type;
    }

    byte[] bytes() {
        byte[] out = new byte[len - 4];
        buf.get(pos + 4, out);
        return out;
    }

    NlReader nested() {
        return new NlReader(buf, pos + 4, pos + len);
    }
}
