package dev.caisson.engine.dns;

import static dev.caisson.engine.dns.ServiceRecordsTest.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AnswersTest {
    private final List<Inet4Address> many = new ArrayList<>();
    private final NameLookup lookup = new NameLookup() {
        @Override
        public List<Inet4Address> addresses(String containerId, String name) {
            return switch (name) {
                case "web" -> List.of(ip("10.0.0.2"));
                case "many" -> many;
                default -> null;
            };
        }

        @Override
        public String hostName(String containerId, Inet4Address address) {
            return address.equals(ip("10.0.0.2")) ? "web.net" : null;
        }

        @Override
        public boolean forwards(String containerId) {
            return true;
        }
    };

    @Test
    void localAnswersFollowDocker() throws Exception {
        Message a = Answers.local(query("web.", Type.A), "c", lookup);
        assertEquals(Rcode.NOERROR, a.getRcode());
        assertTrue(a.getHeader().getFlag(Flags.QR) && a.getHeader().getFlag(Flags.RA) && a.getHeader().getFlag(Flags.RD));
        assertFalse(a.getHeader().getFlag(Flags.AA));
        assertEquals(600, a.getSection(Section.ANSWER).get(0).getTTL());
        assertEquals(0, Answers.local(query("web.", Type.AAAA), "c", lookup).getSection(Section.ANSWER).size());
        assertEquals(0, Answers.local(query("web.", Type.MX), "c", lookup).getSection(Section.ANSWER).size());
        assertEquals("web.net.", Answers.local(query("2.0.0.10.in-addr.arpa.", Type.PTR), "c", lookup)
                .getSection(Section.ANSWER).get(0).rdataToString());
    }

    @Test
    void whatIsNotOursIsForwarded() throws Exception {
        assertNull(Answers.local(query("example.com.", Type.A), "c", lookup));
        assertNull(Answers.local(query("web.", Type.TXT), "c", lookup), "other types go upstream, as in Docker");
        assertNull(Answers.local(query("9.0.0.10.in-addr.arpa.", Type.PTR), "c", lookup));
        assertNull(Answers.local(query("x.2.0.0.10.in-addr.arpa.", Type.PTR), "c", lookup));
    }

    @Test
    void udpAnswersAreCutToWhatTheClientAccepts() throws Exception {
        for (int i = 1; i <= 60; i++) {
            many.add(ip("10.1.0." + i));
        }
        Message q = query("many.", Type.A);
        Message answer = Answers.local(q, "c", lookup);
        assertEquals(512, Answers.udpLimit(q));
        Message cut = new Message(answer.toWire(Answers.udpLimit(q)));
        assertTrue(cut.getHeader().getFlag(Flags.TC));
        q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        assertEquals(4096, Answers.udpLimit(q));
        Message whole = new Message(answer.toWire(Answers.udpLimit(q)));
        assertFalse(whole.getHeader().getFlag(Flags.TC));
        assertEquals(60, whole.getSection(Section.ANSWER).size());
    }

    private static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }
}
