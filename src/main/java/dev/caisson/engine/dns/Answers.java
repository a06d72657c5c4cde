package dev.caisson.engine.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The answers the embedded DNS gives itself, with Docker's rules: A records (TTL 600, in
 * random order) for the names of the asker's networks, an empty NOERROR answer to AAAA and MX
 * queries for those names (no IPv6 here; "implicit MX" for mail clients), PTR for their
 * addresses. Anything else is not ours and goes upstream (null from {@link #local}).
 */
final class Answers {
    static final long TTL = 600;
    private static final int UDP_MIN = 512;

    private Answers() {
    }

    /** The local answer, or null when the query must be forwarded. */
    static Message local(Message query, String containerId, NameLookup lookup) {
        Record q = query.getQuestion();
        String name = q.getName().toString(true).toLowerCase(java.util.Locale.ROOT);
        switch (q.getType()) {
            case Type.A -> {
                List<Inet4Address> ips = lookup.addresses(containerId, name);
                if (ips == null) {
                    return null;
                }
                Message r = reply(query, Rcode.NOERROR);
                List<Inet4Address> shuffled = new ArrayList<>(ips);
                Collections.shuffle(shuffled);
                for (Inet4Address ip : shuffled) {
                    r.addRecord(new ARecord(q.getName(), DClass.IN, TTL, ip), Section.ANSWER);
                }
                return r;
            }
            case Type.AAAA, Type.MX -> {
                return lookup.addresses(containerId, name) == null ? null : reply(query, Rcode.NOERROR);
            }
            case Type.PTR -> {
                Inet4Address ip = reverse(q.getName());
                String host = ip == null ? null : lookup.hostName(containerId, ip);
                if (host == null) {
                    return null;
                }
                Message r = reply(query, Rcode.NOERROR);
                try {
                    r.addRecord(new PTRRecord(q.getName(), DClass.IN, TTL, Name.fromString(host + ".")), Section.ANSWER);
                } catch (TextParseException e) {
                    return null;
                }
                return r;
            }
            default -> {
                return null;
            }
        }
    }

    /** A header-only answer: same id, opcode, question and RD; recursion available. */
    static Message reply(Message query, int rcode) {
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.getHeader().setOpcode(query.getHeader().getOpcode());
        r.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            r.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return r;
    }

    /** The most a UDP answer may hold: 512 bytes, or what the client's EDNS record offers. */
    static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? UDP_MIN : Math.max(UDP_MIN, Math.min(opt.getPayloadSize(), 65535));
    }

    /** 4.3.2.1.in-addr.arpa to 1.2.3.4; null for anything else. */
    static Inet4Address reverse(Name name) {
        if (name.labels() != 7 || !name.getLabelString(4).equalsIgnoreCase("in-addr")
                || !name.getLabelString(5).equalsIgnoreCase("arpa")) {
            return null;
        }
        byte[] raw = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                int octet = Integer.parseInt(name.getLabelString(3 - i));
                if (octet < 0 || octet > 255) {
                    return null;
                }
                raw[i] = (byte) octet;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
