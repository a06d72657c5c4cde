package dev.caisson.engine.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import dev.caisson.engine.dns.ServiceRecords.Endpoint;
import dev.caisson.testsupport.PeerServers;
import dev.caisson.testsupport.ScratchNetwork;
import dev.caisson.testsupport.TestHost;

/**
 * The embedded DNS answering inside a "container" (a namespace on a scratch bridge): queries
 * go to 127.0.0.11:53 from inside it, as a container's resolver sends them. Unknown names go
 * to a fake upstream on 127.0.0.1, never off the machine.
 */
class EmbeddedDnsIT {
    private static final String WEB = "aaaaaaaaaaaa" + "1".repeat(52);
    private static final String CLIENT = "bbbbbbbbbbbb" + "2".repeat(52);
    private static final String LONER = "cccccccccccc" + "3".repeat(52);
    private static final String SEALED = "dddddddddddd" + "4".repeat(52);

    private static ScratchNetwork net;
    private static ScratchNetwork.Peer web;
    private static ScratchNetwork.Peer client;
    private static ScratchNetwork.Peer sealed;
    private static PeerServers inside;
    private static FakeUpstream upstream;
    private static EmbeddedDns dns;
    private static final ServiceRecords records = new ServiceRecords();

    @BeforeAll
    static void start() throws Exception {
        TestHost.requireRoot();
        net = ScratchNetwork.create();
        web = net.addPeer();
        client = net.addPeer();
        sealed = net.addPeer();
        inside = new PeerServers();
        upstream = new FakeUpstream();
        records.put(WEB, "/web", List.of(new Endpoint("mynet", web.address(), List.of("www", "Site"), false)));
        records.put(CLIENT, "client", List.of(new Endpoint("mynet", client.address(), List.of(), false)));
        records.put(LONER, "loner", List.of(new Endpoint("othernet", web.address(), List.of(), false)));
        records.put(SEALED, "sealed", List.of(new Endpoint("vault", sealed.address(), List.of(), true)));
        dns = EmbeddedDns.start(List.of(upstream.address()), Duration.ofSeconds(2));
        dns.attach(CLIENT, client.netns(), records);
        dns.attach(SEALED, sealed.netns(), records);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (inside != null) {
            inside.close();
        }
        if (net != null) {
            net.close();
        }
    }

    @BeforeEach
    void clearUpstream() {
        upstream.seen.clear();
    }

    @Test
    void namesOfTheSharedNetworkResolveToTheirAddresses() throws Exception {
        for (String name : List.of("web", "WEB.", "www", "site", "aaaaaaaaaaaa", "web.mynet")) {
            Message answer = udp(client, name, Type.A);
            assertEquals(Rcode.NOERROR, answer.getRcode(), name);
            List<Record> records = answer.getSection(Section.ANSWER);
            assertEquals(1, records.size(), name);
            assertEquals(web.address(), ((ARecord) records.get(0)).getAddress(), name);
            assertEquals(600, records.get(0).getTTL());
            assertTrue(answer.getHeader().getFlag(Flags.RA));
        }
        assertEquals(List.of(), upstream.seen, "none of them was forwarded");
    }

    @Test
    void knownNamesHaveNoIpv6AndNoMxButExist() throws Exception {
        for (int type : new int[] {Type.AAAA, Type.MX}) {
            Message answer = udp(client, "web", type);
            assertEquals(Rcode.NOERROR, answer.getRcode());
            assertEquals(List.of(), answer.getSection(Section.ANSWER));
        }
        assertEquals(List.of(), upstream.seen);
    }

    @Test
    void addressesResolveBackToNameDotNetwork() throws Exception {
        Message answer = udp(client, ReverseMap.fromAddress(web.address()).toString(), Type.PTR);
        assertEquals(Rcode.NOERROR, answer.getRcode());
        assertEquals(Name.fromString("web.mynet."), ((PTRRecord) answer.getSection(Section.ANSWER).get(0)).getTarget());
    }

    @Test
    void otherNamesAreForwardedUpstream() throws Exception {
        Message answer = udp(client, "example.test", Type.A);
        assertEquals(InetAddress.getByName(FakeUpstream.EXAMPLE_IP),
                ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress());
        Message unknown = udp(client, "loner", Type.A); // not on a network the client shares
        assertEquals(Rcode.NXDOMAIN, unknown.getRcode());
        assertEquals(List.of("udp example.test A", "udp loner A"), upstream.seen);
    }

    @Test
    void tcpWorksAndTruncatedUdpAnswersSendTheClientToTcp() throws Exception {
        assertEquals(web.address(), ((ARecord) tcp(client, "web", Type.A).getSection(Section.ANSWER).get(0)).getAddress());
        Message truncated = udp(client, "big.test", Type.TXT);
        assertTrue(truncated.getHeader().getFlag(Flags.TC), "a 512-byte UDP answer cannot hold it");
        Message full = tcp(client, "big.test", Type.TXT);
        assertFalse(full.getHeader().getFlag(Flags.TC));
        assertEquals(20, full.getSection(Section.ANSWER).size());
        assertEquals(List.of("udp big.test TXT", "tcp big.test TXT"), upstream.seen);
    }

    @Test
    void internalNetworksDoNotForward() throws Exception {
        assertEquals(Rcode.SERVFAIL, udp(sealed, "example.test", Type.A).getRcode());
        assertEquals(sealed.address(), ((ARecord) udp(sealed, "sealed", Type.A).getSection(Section.ANSWER).get(0))
                .getAddress());
        assertEquals(List.of(), upstream.seen);
    }

    @Test
    void busyboxInTheNamespaceResolvesThroughPort53() throws Exception {
        String out = client.exec("busybox", "nslookup", "web", EmbeddedDns.NAMESERVER);
        assertTrue(out.contains(web.address().getHostAddress()), out);
    }

    @Test
    void detachStopsAnsweringAndRemovesTheRedirect() throws Exception {
        ScratchNetwork.Peer temp = net.addPeer();
        String id = "eeeeeeeeeeee" + "5".repeat(52);
        records.put(id, "temp", List.of(new Endpoint("mynet", temp.address(), List.of(), false)));
        dns.attach(id, temp.netns(), records);
        dns.attach(id, temp.netns(), records); // again: replaces the listener and the redirect
        assertEquals(client.address(), ((ARecord) udp(temp, "client", Type.A).getSection(Section.ANSWER).get(0))
                .getAddress());
        assertTrue(temp.exec("nft", "list", "ruleset").contains("dnat to 127.0.0.11:"));
        dns.detach(id);
        records.remove(id);
        assertFalse(dns.attached().contains(id));
        assertFalse(temp.exec("nft", "list", "ruleset").contains("caisson_dns"));
        assertThrows(PortUnreachableException.class, () -> udp(temp, "client", Type.A));
    }

    private static Message udp(ScratchNetwork.Peer peer, String name, int type) throws Exception {
        try (DatagramChannel ch = inside.inside(peer, () -> DatagramChannel.open(StandardProtocolFamily.INET))) {
            ch.connect(new InetSocketAddress(EmbeddedDns.NAMESERVER, 53));
            ch.write(ByteBuffer.wrap(query(name, type).toWire()));
            ch.configureBlocking(false);
            ByteBuffer in = ByteBuffer.allocate(65535);
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < deadline) {
                int n = ch.read(in); // a connected socket reports an ICMP "port unreachable" here
                if (n > 0) {
                    return new Message(java.util.Arrays.copyOf(in.array(), n));
                }
                Thread.sleep(2);
            }
            throw new IOException("no answer to " + name);
        }
    }

    private static Message tcp(ScratchNetwork.Peer peer, String name, int type) throws Exception {
        try (SocketChannel ch = inside.inside(peer, () -> SocketChannel.open(StandardProtocolFamily.INET))) {
            ch.connect(new InetSocketAddress(EmbeddedDns.NAMESERVER, 53));
            byte[] q = query(name, type).toWire();
            ch.write(ByteBuffer.allocate(2 + q.length).putShort((short) q.length).put(q).flip());
            ByteBuffer len = ByteBuffer.allocate(2);
            while (len.hasRemaining() && ch.read(len) >= 0) {
                // read the length
            }
            ByteBuffer body = ByteBuffer.allocate(len.flip().getShort() & 0xffff);
            while (body.hasRemaining() && ch.read(body) >= 0) {
                // read the message
            }
            return new Message(body.array());
        }
    }

    private static Message query(String name, int type) throws IOException {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
        m.getHeader().setID(ThreadLocalRandom.current().nextInt(0x10000));
        return m;
    }
}
