package dev.caisson.engine.dns;

import static dev.caisson.engine.nftables.Expr.BASE_NETWORK;
import static dev.caisson.engine.nftables.Expr.BASE_TRANSPORT;
import static dev.caisson.engine.nftables.Expr.REG32_00;
import static dev.caisson.engine.nftables.Expr.REG_1;

import java.nio.ByteBuffer;

import dev.caisson.engine.nftables.Expr;
import dev.caisson.engine.nftables.NftBatch;

/**
 * The rules inside a container's namespace that send its queries to 127.0.0.11:53 on to the
 * ports the embedded DNS listens on there. Why not listen on port 53 itself: a server in the
 * container binding 0.0.0.0:53 (dnsmasq, CoreDNS, Pi-hole) would then fail with "address in
 * use"; Docker redirects for the same reason. Inside the namespace it reads:
 *
 * <pre>
 * table ip caisson_dns {
 *   chain output { type nat hook output priority -100; policy accept;
 *     ip daddr 127.0.0.11 meta l4proto udp th dport 53 dnat to 127.0.0.11:UDP
 *     ip daddr 127.0.0.11 meta l4proto tcp th dport 53 dnat to 127.0.0.11:TCP } }
 * </pre>
 *
 * Answers need no rule: conntrack turns their source back into 127.0.0.11:53.
 */
final class DnsRedirect {
    static final String TABLE = "caisson_dns";
    static final byte[] ADDRESS = {127, 0, 0, 11};

    private DnsRedirect() {
    }

    /** Creates the table or replaces its rules (a re-attach after a platform restart gets new ports). */
    static NftBatch rules(int udpPort, int tcpPort) {
        NftBatch b = new NftBatch().addTable(TABLE)
                .addBaseChain(TABLE, "output", "nat", NftBatch.HOOK_OUTPUT, NftBatch.PRIORITY_DSTNAT)
                .flushChain(TABLE, "output");
        b.addRule(TABLE, "output", redirect(17, udpPort));
        b.addRule(TABLE, "output", redirect(6, tcpPort));
        return b;
    }

    static NftBatch remove() {
        return new NftBatch().deleteTable(TABLE);
    }

    private static Expr[] redirect(int protocol, int port) {
        return new Expr[] {
            Expr.payload(BASE_NETWORK, 16, 4, REG_1),
            Expr.cmpEq(REG_1, ADDRESS),
            Expr.meta(Expr.META_L4PROTO, REG_1),
            Expr.cmpEq(REG_1, new byte[] {(byte) protocol}),
            Expr.payload(BASE_TRANSPORT, 2, 2, REG_1),
            Expr.cmpEq(REG_1, new byte[] {0, 53}),
            Expr.immediate(REG_1, ADDRESS),
            Expr.immediate(REG32_00 + 1, ByteBuffer.allocate(2).putShort((short) port).array()),
            Expr.dnat(REG_1, REG32_00 + 1)};
    }
}
