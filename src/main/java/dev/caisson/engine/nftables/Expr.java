package dev.caisson.engine.nftables;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * One nf_tables expression of a rule (what {@code nft --debug=netlink} prints in brackets).
 * Rules are built from these as values and sent by {@link NftBatch}. Registers: {@link #REG_1}
 * is the first 16-byte register; {@code REG32_00 + n} addresses its 32-bit words, which is how
 * concatenations (address . protocol . port) are laid out, one word per field.
 */
public final class Expr {
    public static final int REG_VERDICT = 0;
    public static final int REG_1 = 1;
    public static final int REG32_00 = 8;

    public static final int BASE_NETWORK = 1;
    public static final int BASE_TRANSPORT = 2;

    public static final int META_IIFNAME = 6;
    public static final int META_OIFNAME = 7;
    public static final int META_L4PROTO = 16;

    public static final int CT_STATUS = 2;
    /** conntrack status bit: the connection's destination was translated */
    public static final int IPS_DST_NAT = 0x20;

    public static final int FIB_RESULT_ADDRTYPE = 3;
    public static final int FIB_F_DADDR = 2;
    /** fib addrtype result of an address configured on this host */
    public static final int RTN_LOCAL = 2;

    private static final int NAT_DNAT = 1;
    private static final int NFPROTO_IPV4 = 2;
    private static final int NF_NAT_RANGE_PROTO_SPECIFIED = 2;
    private static final int NFT_JUMP = -3;
    private static final int NF_DROP = 0;

    final String name;
    final Consumer<NlWriter> data;

    private Expr(String name, Consumer<NlWriter> data) {
        this.name = name;
        this.data = data;
    }

    /** Loads len bytes at offset of the network (IPv4) or transport header into dreg. */
    public static Expr payload(int base, int offset, int len, int dreg) {
        return new Expr("payload", w -> w.u32(1, dreg).u32(2, base).u32(3, offset).u32(4, len));
    }

    public static Expr meta(int key, int dreg) {
        return new Expr("meta", w -> w.u32(2, key).u32(1, dreg));
    }

    public static Expr ct(int key, int dreg) {
        return new Expr("ct", w -> w.u32(2, key).u32(1, dreg));
    }

    /** fib: a route lookup on the packet, e.g. the type of its destination address. */
    public static Expr fib(int result, int flags, int dreg) {
        return new Expr("fib", w -> w.u32(1, dreg).u32(2, result).u32(3, flags));
    }

    public static Expr cmpEq(int sreg, byte[] value) {
        return cmp(sreg, 0, value);
    }

    public static Expr cmpNeq(int sreg, byte[] value) {
        return cmp(sreg, 1, value);
    }

    private static Expr cmp(int sreg, int op, byte[] value) {
        return new Expr("cmp", w -> {
            w.u32(1, sreg).u32(2, op);
            data(w, 3, value);
        });
    }

    /** reg = (reg &amp; mask) ^ xor over mask.length bytes. */
    public static Expr bitwise(int sreg, int dreg, byte[] mask, byte[] xor) {
        return new Expr("bitwise", w -> {
            w.u32(1, sreg).u32(2, dreg).u32(3, mask.length);
            data(w, 4, mask);
            data(w, 5, xor);
        });
    }

    public static Expr immediate(int dreg, byte[] value) {
        return new Expr("immediate", w -> {
            w.u32(1, dreg);
            data(w, 2, value);
        });
    }

    public static Expr jump(String chain) {
        return new Expr("immediate", w -> {
            w.u32(1, REG_VERDICT);
            int d = w.nest(2);
            int v = w.nest(2); // NFTA_DATA_VERDICT
            w.u32(1, NFT_JUMP).string(2, chain);
            w.endNest(v);
            w.endNest(d);
        });
    }

    /** Set membership: the rule goes on only when the key in sreg is an element. */
    public static Expr lookup(String set, int sreg) {
        return new Expr("lookup", w -> w.string(1, set).u32(2, sreg));
    }

    /** Map lookup: the element's data is loaded into dreg; no element, no match. */
    public static Expr lookupMap(String set, int sreg, int dreg) {
        return new Expr("lookup", w -> w.string(1, set).u32(2, sreg).u32(3, dreg));
    }

    /** DNAT of IPv4 to the address in addrReg and the port in protoReg. */
    public static Expr dnat(int addrReg, int protoReg) {
        return new Expr("nat", w -> w.u32(1, NAT_DNAT).u32(2, NFPROTO_IPV4).u32(3, addrReg).u32(5, protoReg)
                .u32(7, NF_NAT_RANGE_PROTO_SPECIFIED));
    }

    /** Verdict drop (only in a filter chain). */
    public static Expr drop() {
        return new Expr("immediate", w -> {
            w.u32(1, REG_VERDICT);
            int d = w.nest(2);
            int v = w.nest(2);
            w.u32(1, NF_DROP);
            w.endNest(v);
            w.endNest(d);
        });
    }

    public static Expr masquerade() {
        return new Expr("masq", w -> { });
    }

    /** A value as the kernel keeps it in a register: host order (fib, ct and meta results). */
    public static byte[] hostU32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    }

    private static void data(NlWriter w, int type, byte[] value) {
        int n = w.nest(type);
        w.bytes(1, value); // NFTA_DATA_VALUE
        w.endNest(n);
    }
}
