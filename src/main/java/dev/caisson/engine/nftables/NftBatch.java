package dev.caisson.engine.nftables;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One nf_tables transaction as netlink bytes: everything added here is applied by the kernel
 * all together or not at all. Every message asks for an acknowledgement, so the sender knows
 * the outcome of each ({@link Nftables#apply}). Only IPv4 ("ip" family) tables are built.
 */
public final class NftBatch {
    public static final int HOOK_PREROUTING = 0;
    public static final int HOOK_OUTPUT = 3;
    public static final int HOOK_POSTROUTING = 4;
    /** nft's "dstnat" and "srcnat" priorities */
    public static final int PRIORITY_DSTNAT = -100;
    public static final int PRIORITY_SRCNAT = 100;

    /** nft data type numbers, so that {@code nft list} can show the sets' elements readably */
    public static final int TYPE_IPV4_ADDR = 7;
    public static final int TYPE_INET_PROTO = 12;
    public static final int TYPE_INET_SERVICE = 13;
    public static final int TYPE_IFNAME = 41;
    public static final int SET_MAP = 0x8;

    static final int FAMILY_IP = 2;
    private static final int SUBSYS_NFTABLES = 10;
    private static final int BATCH_BEGIN = 0x10;
    private static final int BATCH_END = 0x11;
    private static final int NEWTABLE = 0;
    private static final int DELTABLE = 2;
    private static final int NEWCHAIN = 3;
    private static final int NEWRULE = 6;
    private static final int DELRULE = 8;
    private static final int NEWSET = 9;
    private static final int NEWSETELEM = 12;
    private static final int DELSETELEM = 14;

    static final int F_REQUEST = 0x1;
    static final int F_ACK = 0x4;
    private static final int F_EXCL = 0x200;
    private static final int F_CREATE = 0x400;
    private static final int F_APPEND = 0x800;
    private static final int NF_ACCEPT = 1;
    private static final int USERDATA_COMMENT = 0;

    private static final AtomicInteger SEQ = new AtomicInteger((int) (System.nanoTime() & 0x3fffffff));

    private final NlWriter w = new NlWriter();
    private final int firstSeq;
    private int lastSeq;
    private boolean finished;
    private int setIds;

    public NftBatch() {
        int seq = SEQ.getAndAdd(1 << 16); // room for this batch's messages
        int begin = w.begin(BATCH_BEGIN, F_REQUEST, seq, 0, SUBSYS_NFTABLES);
        w.end(begin);
        firstSeq = seq + 1;
        lastSeq = seq;
    }

    /** Adds the table, or leaves an existing one as it is. */
    public NftBatch addTable(String table) {
        int m = message(NEWTABLE, F_CREATE);
        w.string(1, table);
        w.end(m);
        return this;
    }

    /** Deletes the table with all its chains, rules and sets. */
    public NftBatch deleteTable(String table) {
        int m = message(DELTABLE, 0);
        w.string(1, table);
        w.end(m);
        return this;
    }

    /** A chain attached to a netfilter hook ("nat" type), policy accept; kept if it exists. */
    public NftBatch addBaseChain(String table, String chain, String type, int hook, int priority) {
        int m = message(NEWCHAIN, F_CREATE);
        w.string(1, table).string(3, chain);
        int h = w.nest(4);
        w.u32(1, hook).u32(2, priority);
        w.endNest(h);
        w.u32(5, NF_ACCEPT).string(7, type);
        w.end(m);
        return this;
    }

    /** A chain rules jump to; kept if it exists. */
    public NftBatch addChain(String table, String chain) {
        int m = message(NEWCHAIN, F_CREATE);
        w.string(1, table).string(3, chain);
        w.end(m);
        return this;
    }

    /** Removes every rule of the chain (the chain stays). */
    public NftBatch flushChain(String table, String chain) {
        int m = message(DELRULE, 0);
        w.string(1, table).string(2, chain);
        w.end(m);
        return this;
    }

    /** Appends a rule made of exprs to the chain. */
    public NftBatch addRule(String table, String chain, Expr... exprs) {
        int m = message(NEWRULE, F_CREATE | F_APPEND);
        w.string(1, table).string(2, chain);
        int list = w.nest(4);
        for (Expr e : exprs) {
            int elem = w.nest(1);
            w.string(1, e.name);
            int data = w.nest(2);
            e.data.accept(w);
            w.endNest(data);
            w.endNest(elem);
        }
        w.endNest(list);
        w.end(m);
        return this;
    }

    /** A set (dataType 0) or map (flags {@link #SET_MAP}); an existing one with the same shape is kept. */
    public NftBatch addSet(String table, String set, int flags, int keyType, int keyLen, int dataType, int dataLen) {
        int m = message(NEWSET, F_CREATE);
        w.string(1, table).string(2, set).u32(3, flags).u32(4, keyType).u32(5, keyLen);
        if ((flags & SET_MAP) != 0) {
            w.u32(6, dataType).u32(7, dataLen);
        }
        w.u32(10, ++setIds); // NFTA_SET_ID: the kernel requires one per set of a batch
        if (keyType == TYPE_IFNAME) {
            // nft's own note that the key is in host byte order; without it 'nft list' shows names as ""
            w.bytes(13, new byte[] {0, 4, 1, 0, 0, 0});
        }
        w.end(m);
        return this;
    }

    /** Adds elements; a key that exists fails the whole batch (EEXIST) unless mayExist (then it is left as it is). */
    public NftBatch addElements(String table, String set, Collection<SetElement> elements, boolean mayExist) {
        if (elements.isEmpty()) {
            return this;
        }
        int m = message(NEWSETELEM, F_CREATE | (mayExist ? 0 : F_EXCL));
        elements(table, set, elements);
        w.end(m);
        return this;
    }

    /** Deletes elements by key; a missing one fails the whole batch (ENOENT). */
    public NftBatch deleteElements(String table, String set, Collection<SetElement> elements) {
        if (elements.isEmpty()) {
            return this;
        }
        int m = message(DELSETELEM, 0);
        elements(table, set, elements);
        w.end(m);
        return this;
    }

    /** Concatenation type of nft's data types (how nft itself numbers "a . b"). */
    public static int concat(int... types) {
        int t = 0;
        for (int type : types) {
            t = (t << 6) | type;
        }
        return t;
    }

    boolean isEmpty() {
        return lastSeq < firstSeq;
    }

    int firstSeq() {
        return firstSeq;
    }

    int lastSeq() {
        return lastSeq;
    }

    byte[] finish() {
        if (!finished) {
            int end = w.begin(BATCH_END, F_REQUEST, lastSeq + 1, 0, SUBSYS_NFTABLES);
            w.end(end);
            finished = true;
        }
        return w.toBytes();
    }

    private void elements(String table, String set, Collection<SetElement> elements) {
        w.string(1, table).string(2, set);
        int list = w.nest(3);
        for (SetElement e : elements) {
            int elem = w.nest(1);
            int key = w.nest(1);
            w.bytes(1, e.key());
            w.endNest(key);
            if (e.data() != null) {
                int data = w.nest(2);
                w.bytes(1, e.data());
                w.endNest(data);
            }
            if (e.comment() != null) {
                w.bytes(6, comment(e.comment()));
            }
            w.endNest(elem);
        }
        w.endNest(list);
    }

    /** nft's element comment: one userdata TLV (type 0, one length byte, NUL-terminated text). */
    private static byte[] comment(String text) {
        byte[] s = text.getBytes(StandardCharsets.UTF_8);
        if (s.length > 250) {
            throw new IllegalArgumentException("comment too long: " + text);
        }
        byte[] out = new byte[s.length + 3];
        out[0] = USERDATA_COMMENT;
        out[1] = (byte) (s.length + 1);
        System.arraycopy(s, 0, out, 2, s.length);
        return out;
    }

    static String parseComment(byte[] userdata) {
        int pos = 0;
        while (pos + 2 <= userdata.length) {
            int type = userdata[pos] & 0xff;
            int len = userdata[pos + 1] & 0xff;
            if (pos + 2 + len > userdata.length) {
                break;
            }
            if (type == USERDATA_COMMENT && len > 0) {
                return new String(userdata, pos + 2, len - 1, StandardCharsets.UTF_8);
            }
            pos += 2 + len;
        }
        return null;
    }

    private int message(int type, int flags) {
        if (finished) {
            throw new IllegalStateException("batch already sent");
        }
        lastSeq++;
        return w.begin((SUBSYS_NFTABLES << 8) | type, F_REQUEST | F_ACK | flags, lastSeq, FAMILY_IP, 0);
    }
}
