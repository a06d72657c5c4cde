package dev.caisson.engine.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A name server on 127.0.0.1 for tests, standing in for the host's resolvers (no query may
 * leave the machine): example.test has an A record, big.test has TXT records too large for
 * a 512-byte UDP answer (it answers UDP truncated, as a real server does), all else is NXDOMAIN.
 */
final class FakeUpstream implements AutoCloseable {
    static final String EXAMPLE_IP = "198.51.100.7";

    final List<String> seen = new CopyOnWriteArrayList<>();
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    FakeUpstream() throws IOException {
        udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        tcp = new ServerSocket(udp.getLocalPort(), 16, InetAddress.getByName("127.0.0.1"));
        daemon(this::serveUdp);
        daemon(this::serveTcp);
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", udp.getLocalPort());
    }

    private void serveUdp() {
        byte[] buf = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                byte[] out = answer(q, "udp").toWire(512);
                udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                byte[] out = answer(new Message(q), "tcp").toWire();
                DataOutputStream o = new DataOutputStream(s.getOutputStream());
                o.writeShort(out.length);
                o.write(out);
                o.flush();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    private Message answer(Message q, String proto) throws IOException {
        Record question = q.getQuestion();
        String name = question.getName().toString(true);
        seen.add(proto + " " + name + " " + Type.string(question.getType()));
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.RA);
        r.addRecord(question, Section.QUESTION);
        Name n = question.getName();
        if (name.equals("example.test") && question.getType() == Type.A) {
            r.addRecord(new ARecord(n, DClass.IN, 60, InetAddress.getByName(EXAMPLE_IP)), Section.ANSWER);
        } else if (name.equals("big.test")) {
            for (int i = 0; i < 20; i++) {
                r.addRecord(new TXTRecord(n, DClass.IN, 60, "record " + i + " " + "x".repeat(60)), Section.ANSWER);
            }
        } else {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return r;
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "fake-upstream");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
    }
}
