package dev.caisson.engine.nftables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The netlink bytes, checked against what the nft tool itself sends (as strace shows it). */
class NftBatchTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void deletingAnElementIsTheMessageNftSends() {
        NftBatch b = new NftBatch().deleteElements("caisson_portmap", "wildcard",
                List.of(SetElement.of(HEX.parseHex("060000001f410000"))));
        ByteBuffer bytes = ByteBuffer.wrap(b.finish()).order(ByteOrder.nativeOrder());
        assertEquals(0x10, bytes.getShort(4), "batch begin");
        assertEquals(0, bytes.get(18), "res_id is big-endian");
        assertEquals(0x0a, bytes.get(19), "the nftables subsystem");
        int m = 20;
        assertEquals((10 << 8) | 14, bytes.getShort(m + 4), "NFT_MSG_DELSETELEM");
        assertEquals(0x1 | 0x4, bytes.getShort(m + 6), "request, ack");
        assertEquals(2, bytes.get(m + 16), "AF_INET");
        int len = bytes.getInt(m);
        String attrs = HEX.formatHex(b.finish(), m + 20, m + len);
        // table, set, then elements { elem { key { value 06000000 1f410000 } } }, from strace of nft
        assertEquals("1400" + "0100" + HEX.formatHex("caisson_portmap\0".getBytes())
                + "0d00" + "0200" + HEX.formatHex("wildcard\0".getBytes()) + "000000"
                + "1800" + "0380" + "14000180" + "10000180" + "0c000100" + "060000001f410000", attrs);
        assertEquals(0x11, bytes.getShort(m + len + 4), "batch end");
        assertEquals(m + len + 20, b.finish().length);
    }

    @Test
    void sequenceNumbersCoverEveryMessageOfTheBatch() {
        NftBatch b = new NftBatch().addTable("t").addChain("t", "c").flushChain("t", "c");
        assertEquals(3, b.lastSeq() - b.firstSeq() + 1);
        ByteBuffer bytes = ByteBuffer.wrap(b.finish()).order(ByteOrder.nativeOrder());
        List<Integer> seqs = new ArrayList<>();
        for (int pos = 0; pos < bytes.limit(); pos += (bytes.getInt(pos) + 3) & ~3) {
            seqs.add(bytes.getInt(pos + 8));
        }
        assertEquals(List.of(b.firstSeq() - 1, b.firstSeq(), b.firstSeq() + 1, b.firstSeq() + 2, b.lastSeq() + 1), seqs);
    }

    @Test
    void commentsAreNftsUserdata() {
        NftBatch b = new NftBatch().addElements("t", "s", List.of(new SetElement(new byte[4], null, "abc")), false);
        String hex = HEX.formatHex(b.finish());
        assertTrue(hex.contains("0a00" + "0600" + "0004616263" + "00"), hex); // type 0, length 4, "abc\0"
        assertEquals("abc", NftBatch.parseComment(HEX.parseHex("0004616263" + "00")));
    }
}
