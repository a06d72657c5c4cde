package dev.caisson.engine.nftables;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.caisson.engine.linux.LinuxException;
import dev.caisson.engine.linux.NfNetlinkSocket;

/**
 * Forgets the kernel's connection tracking entries of UDP flows that were translated to a
 * container port. Why: NAT is decided on a flow's first packet only, so a client that keeps
 * sending from the same port (a syslog or DNS client) would go on reaching the old address
 * after the port was unpublished or given to another container, for as long as it keeps
 * sending. TCP needs nothing: its connections to a removed container just end. (Docker
 * flushes the same entries.) ctnetlink cannot delete by a partial tuple, hence a dump of the
 * IPv4 UDP entries and one delete per match.
 */
final class Conntrack {
    private static final int SUBSYS_CTNETLINK = 1;
    private static final int CT_GET = 1;
    private static final int CT_DELETE = 2;
    private static final int CTA_TUPLE_ORIG = 1;
    private static final int CTA_TUPLE_REPLY = 2;
    private static final int CTA_ZONE = 18;
    private static final int UDP = 17;
    private static final int F_DUMP = 0x300;

    private Conntrack() {
    }

    /** Deletes the UDP entries whose answers come from address:port; returns how many. */
    static int forgetUdp(NfNetlinkSocket socket, Inet4Address address, int port) throws LinuxException {
        NlWriter dump = new NlWriter();
        dump.end(dump.begin((SUBSYS_CTNETLINK << 8) | CT_GET, NftBatch.F_REQUEST | F_DUMP, 1, NftBatch.FAMILY_IP, 0));
        List<byte[][]> matches = new ArrayList<>();
        for (ByteBuffer msg : socket.dump(dump.toBytes())) {
            byte[] orig = null;
            byte[] zone = null;
            boolean ours = false;
            NlReader attrs = new NlReader(msg, 20, msg.getInt(0));
            while (attrs.next()) {
                switch (attrs.type()) {
                    case CTA_TUPLE_ORIG -> orig = attrs.bytes();
                    case CTA_TUPLE_REPLY -> ours = repliesFrom(attrs.nested(), address.getAddress(), port);
                    case CTA_ZONE -> zone = attrs.bytes();
                    default -> { }
                }
            }
            if (ours && orig != null) {
                matches.add(new byte[][] {orig, zone});
            }
        }
        int deleted = 0;
        for (byte[][] m : matches) {
            NlWriter w = new NlWriter();
            int start = w.begin((SUBSYS_CTNETLINK << 8) | CT_DELETE, NftBatch.F_REQUEST | NftBatch.F_ACK, 2,
                    NftBatch.FAMILY_IP, 0);
            w.bytes(CTA_TUPLE_ORIG | NlWriter.NLA_F_NESTED, m[0]);
            if (m[1] != null) {
                w.bytes(CTA_ZONE, m[1]);
            }
            w.end(start);
            try {
                socket.transact(w.toBytes(), 2, 2);
                deleted++;
            } catch (LinuxException e) {
                if (e.errno() != Nftables.ENOENT) { // gone meanwhile: just as good
                    throw e;
                }
            }
        }
        return deleted;
    }

    /** A reply tuple: ip { src } proto { num, src port }. */
    private static boolean repliesFrom(NlReader tuple, byte[] address, int port) {
        byte[] src = null;
        int proto = -1;
        int srcPort = -1;
        while (tuple.next()) {
            NlReader inner = tuple.nested();
            if (tuple.type() == 1) { // CTA_TUPLE_IP
                while (inner.next()) {
                    if (inner.type() == 1) { // CTA_IP_V4_SRC
                        src = inner.bytes();
                    }
                }
            } else if (tuple.type() == 2) { // CTA_TUPLE_PROTO
                while (inner.next()) {
                    byte[] v = inner.bytes();
                    if (inner.type() == 1 && v.length == 1) {
                        proto = v[0] & 0xff;
                    } else if (inner.type() == 2 && v.length == 2) {
                        srcPort = ((v[0] & 0xff) << 8) | (v[1] & 0xff);
                    }
                }
            }
        }
        return proto == UDP && srcPort == port && Arrays.equals(src, address);
    }
}
