package dev.caisson.engine.portmap;

import static dev.caisson.engine.nftables.Expr.BASE_NETWORK;
import static dev.caisson.engine.nftables.Expr.BASE_TRANSPORT;
import static dev.caisson.engine.nftables.Expr.REG32_00;
import static dev.caisson.engine.nftables.Expr.REG_1;
import static dev.caisson.engine.nftables.Expr.hostU32;
import static dev.caisson.engine.nftables.NftBatch.TYPE_IFNAME;
import static dev.caisson.engine.nftables.NftBatch.TYPE_INET_PROTO;
import static dev.caisson.engine.nftables.NftBatch.TYPE_INET_SERVICE;
import static dev.caisson.engine.nftables.NftBatch.TYPE_IPV4_ADDR;
import static dev.caisson.engine.nftables.NftBatch.concat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.caisson.engine.nftables.Expr;
import dev.caisson.engine.nftables.NftBatch;
import dev.caisson.engine.nftables.SetElement;

/**
 * The layout of Caisson's port table, which {@code nft list table ip caisson_portmap} shows as:
 *
 * <pre>
 * map specific { type ipv4_addr . inet_proto . inet_service : ipv4_addr . inet_service }  # -p IP:hp:cp
 * map wildcard { type inet_proto . inet_service : ipv4_addr . inet_service }              # -p hp:cp
 * set bridges  { type ifname }                                                            # bridges with published ports
 * chain prerouting  (nat, dstnat)  fib daddr type local jump publish      # from other machines
 * chain output      (nat, -100)    fib daddr type local jump publish      # from the host itself, 127.0.0.1 too
 * chain publish     dnat ip to ip daddr . meta l4proto . th dport map @specific
 *                   dnat ip to meta l4proto . th dport map @wildcard
 * chain postrouting (nat, srcnat)  ct status dnat ip saddr 127.0.0.0/8 oifname @bridges masquerade
 *                                  ct status dnat iifname @bridges oifname @bridges masquerade
 * chain input       (filter, 0)    iifname @bridges ip daddr 127.0.0.0/8 ct state != established,related drop
 * </pre>
 *
 * A published port is one map element, so publishing and unpublishing are one small netlink
 * message each, and the rules never change. The element's comment names the container and its
 * bridge, which is how the engine finds its ports again after a restart.
 *
 * <p>Why each rule: 127.0.0.1 traffic is DNATed in output and then leaves through the bridge;
 * the kernel only routes a loopback source out of an interface with route_localnet set, and
 * the container could not answer 127.0.0.1, hence the masquerade (Docker does the same with
 * its userland proxy off). The second masquerade is the hairpin: a container reaching a port
 * published by itself or a neighbour on the same bridge through a host address must see the
 * answer come back through the host. The input rule closes what route_localnet opens: nothing
 * may reach the host's loopback services from a container bridge (the hole of CVE-2020-8558).
 */
final class PortMapRules {
    static final String SPECIFIC = "specific";
    static final String WILDCARD = "wildcard";
    static final String BRIDGES = "bridges";
    private static final int IFNAMSIZ = 16;
    private static final int CT_STATE = 0;
    private static final int CT_STATE_ESTABLISHED_RELATED = 2 | 4;
    private static final int HOOK_INPUT = 1;

    private PortMapRules() {
    }

    /** Creates the table, or brings an existing one's rules up to date while keeping its elements. */
    static NftBatch setup(String table) {
        NftBatch b = new NftBatch().addTable(table);
        b.addSet(table, SPECIFIC, NftBatch.SET_MAP, concat(TYPE_IPV4_ADDR, TYPE_INET_PROTO, TYPE_INET_SERVICE), 12,
                concat(TYPE_IPV4_ADDR, TYPE_INET_SERVICE), 8);
        b.addSet(table, WILDCARD, NftBatch.SET_MAP, concat(TYPE_INET_PROTO, TYPE_INET_SERVICE), 8,
                concat(TYPE_IPV4_ADDR, TYPE_INET_SERVICE), 8);
        b.addSet(table, BRIDGES, 0, TYPE_IFNAME, IFNAMSIZ, 0, 0);
        b.addBaseChain(table, "prerouting", "nat", NftBatch.HOOK_PREROUTING, NftBatch.PRIORITY_DSTNAT);
        b.addBaseChain(table, "output", "nat", NftBatch.HOOK_OUTPUT, NftBatch.PRIORITY_DSTNAT);
        b.addBaseChain(table, "postrouting", "nat", NftBatch.HOOK_POSTROUTING, NftBatch.PRIORITY_SRCNAT);
        b.addBaseChain(table, "input", "filter", HOOK_INPUT, 0);
        b.addChain(table, "publish");
        for (String chain : new String[] {"prerouting", "output", "publish", "postrouting", "input"}) {
            b.flushChain(table, chain);
        }
        Expr[] toLocal = {
            Expr.fib(Expr.FIB_RESULT_ADDRTYPE, Expr.FIB_F_DADDR, REG_1),
            Expr.cmpEq(REG_1, hostU32(Expr.RTN_LOCAL)),
            Expr.jump("publish")};
        b.addRule(table, "prerouting", toLocal);
        b.addRule(table, "output", toLocal);
        b.addRule(table, "publish",
                Expr.payload(BASE_NETWORK, 16, 4, REG_1),              // ip daddr
                Expr.meta(Expr.META_L4PROTO, REG32_00 + 1),
                Expr.payload(BASE_TRANSPORT, 2, 2, REG32_00 + 2),      // th dport
                Expr.lookupMap(SPECIFIC, REG_1, REG_1),
                Expr.dnat(REG_1, REG32_00 + 1));
        b.addRule(table, "publish",
                Expr.meta(Expr.META_L4PROTO, REG_1),
                Expr.payload(BASE_TRANSPORT, 2, 2, REG32_00 + 1),
                Expr.lookupMap(WILDCARD, REG_1, REG_1),
                Expr.dnat(REG_1, REG32_00 + 1));
        Expr[] dnated = {
            Expr.ct(Expr.CT_STATUS, REG_1),
            Expr.bitwise(REG_1, REG_1, hostU32(Expr.IPS_DST_NAT), hostU32(0)),
            Expr.cmpNeq(REG_1, hostU32(0))};
        b.addRule(table, "postrouting", concatExprs(dnated,
                Expr.payload(BASE_NETWORK, 12, 1, REG_1),              // first byte of ip saddr
                Expr.cmpEq(REG_1, new byte[] {127}),
                Expr.meta(Expr.META_OIFNAME, REG_1),
                Expr.lookup(BRIDGES, REG_1),
                Expr.masquerade()));
        b.addRule(table, "postrouting", concatExprs(dnated,
                Expr.meta(Expr.META_IIFNAME, REG_1),
                Expr.lookup(BRIDGES, REG_1),
                Expr.meta(Expr.META_OIFNAME, REG_1),
                Expr.lookup(BRIDGES, REG_1),
                Expr.masquerade()));
        b.addRule(table, "input",
                Expr.meta(Expr.META_IIFNAME, REG_1),
                Expr.lookup(BRIDGES, REG_1),
                Expr.payload(BASE_NETWORK, 16, 1, REG_1),              // first byte of ip daddr
                Expr.cmpEq(REG_1, new byte[] {127}),
                Expr.ct(CT_STATE, REG_1),
                Expr.bitwise(REG_1, REG_1, hostU32(CT_STATE_ESTABLISHED_RELATED), hostU32(0)),
                Expr.cmpEq(REG_1, hostU32(0)),
                Expr.drop());
        return b;
    }

    /** One published port in the kernel: its map element says everything else. */
    record Mapping(String containerId, String bridge, PublishedPort port, Inet4Address containerIp) {
        String set() {
            return port.hostIp().equals("0.0.0.0") ? WILDCARD : SPECIFIC;
        }

        SetElement element() {
            ByteBuffer key = ByteBuffer.allocate(SPECIFIC.equals(set()) ? 12 : 8);
            if (SPECIFIC.equals(set())) {
                key.put(address(port.hostIp()).getAddress());
            }
            key.put((byte) port.protocol().number()).put(new byte[3]).putShort((short) port.hostPort()).put(new byte[2]);
            ByteBuffer data = ByteBuffer.allocate(8).put(containerIp.getAddress()).putShort((short) port.containerPort());
            return new SetElement(key.array(), data.array(), containerId + " " + bridge);
        }

        SetElement keyOnly() {
            return SetElement.of(element().key());
        }

        /** Reads an element of set back; null when it is not one Caisson wrote. */
        static Mapping of(String set, SetElement e) {
            if (e.key() == null || e.data() == null || e.data().length != 8 || e.comment() == null) {
                return null;
            }
            String[] owner = e.comment().split(" ");
            ByteBuffer key = ByteBuffer.wrap(e.key());
            String hostIp = "0.0.0.0";
            if (SPECIFIC.equals(set) && e.key().length == 12) {
                hostIp = address(Arrays.copyOfRange(e.key(), 0, 4)).getHostAddress();
                key.position(4);
            } else if (!WILDCARD.equals(set) || e.key().length != 8) {
                return null;
            }
            Protocol protocol = Protocol.ofNumber(key.get() & 0xff);
            key.position(key.position() + 3);
            int hostPort = key.getShort() & 0xffff;
            ByteBuffer data = ByteBuffer.wrap(e.data());
            Inet4Address ip = address(Arrays.copyOfRange(e.data(), 0, 4));
            int containerPort = data.getShort(4) & 0xffff;
            if (owner.length != 2 || protocol == null) {
                return null;
            }
            return new Mapping(owner[0], owner[1], new PublishedPort(hostIp, hostPort, containerPort, protocol), ip);
        }
    }

    static SetElement bridgeElement(String bridge) {
        return SetElement.of(Arrays.copyOf(bridge.getBytes(StandardCharsets.UTF_8), IFNAMSIZ));
    }

    static String bridgeName(SetElement e) {
        int n = 0;
        while (n < e.key().length && e.key()[n] != 0) {
            n++;
        }
        return new String(e.key(), 0, n, StandardCharsets.UTF_8);
    }

    static Inet4Address address(String ip) {
        try {
            return (Inet4Address) InetAddress.getByName(ip);
        } catch (UnknownHostException | ClassCastException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
    }

    private static Inet4Address address(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Expr[] concatExprs(Expr[] first, Expr... rest) {
        Expr[] out = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, out, first.length, rest.length);
        return out;
    }
}
