import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import dev.caisson.engine.dns.EmbeddedDns;
import dev.caisson.engine.dns.ServiceRecords;
import dev.caisson.engine.linux.NetnsExecutor;
import dev.caisson.engine.portmap.PortBinding;
import dev.caisson.engine.portmap.PortPublisher;
import dev.caisson.engine.portmap.Protocol;

/**
 * Benchmark of engine.portmap and engine.dns (run through bench/netsvc-bench.sh, as root):
 *  1. publish + unpublish of one ephemeral TCP port, and of three ports: p50/p90
 *  2. DNS attach of a container namespace: p50/p90; local and forwarded query round trips
 *  3. 50 namespaces "started" in parallel (records put + attach): time until every one of them
 *     has resolved all 49 others by name through 127.0.0.11
 * Upstream queries go to a stub server on 127.0.0.1 only.
 */
public class NetServicesBench {
    static final int PEERS = 50;
    static final String TAG = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    static final String BRIDGE = "cstb" + TAG;
    static final String TABLE = "caisson_pm_bench";
    static int subnet;
    static final List<String> namespaces = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String used = sh("ip", "-4", "-o", "addr");
        do {
            subnet = ThreadLocalRandom.current().nextInt(1, 255);
        } while (used.contains("10.213." + subnet + "."));
        try {
            sh("ip", "link", "add", BRIDGE, "type", "bridge");
            sh("ip", "addr", "add", "10.213." + subnet + ".1/24", "dev", BRIDGE);
            sh("ip", "link", "set", BRIDGE, "up");
            for (int i = 0; i < PEERS; i++) {
                peer(i);
            }
            ports();
            dns();
        } finally {
            for (String ns : namespaces) {
                sh("ip", "netns", "del", ns);
            }
            sh("ip", "link", "del", BRIDGE);
            PortPublisher.removeTable(TABLE);
        }
    }

    static void ports() {
        try (PortPublisher p = PortPublisher.open(TABLE)) {
            Inet4Address ip = address(2);
            List<PortBinding> one = List.of(PortBinding.of("", 0, 80, Protocol.TCP));
            List<PortBinding> three = List.of(PortBinding.of("", 0, 80, Protocol.TCP), PortBinding.of("", 0, 53, Protocol.UDP),
                    PortBinding.of("127.0.0.1", 0, 443, Protocol.TCP));
            for (List<PortBinding> bindings : List.of(one, three)) {
                List<Double> pub = new ArrayList<>();
                List<Double> unpub = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    long t0 = System.nanoTime();
                    p.publish("bench", ip, BRIDGE, bindings);
                    long t1 = System.nanoTime();
                    p.unpublish("bench");
                    long t2 = System.nanoTime();
                    if (i >= 50) { // JIT warm-up
                        pub.add((t1 - t0) / 1e6);
                        unpub.add((t2 - t1) / 1e6);
                    }
                }
                System.out.printf("publish %d port(s): p50 %.3f ms, p90 %.3f ms; unpublish: p50 %.3f ms, p90 %.3f ms%n",
                        bindings.size(), pct(pub, 50), pct(pub, 90), pct(unpub, 50), pct(unpub, 90));
            }
        }
    }

    static void dns() throws Exception {
        Stub upstream = new Stub();
        ServiceRecords records = new ServiceRecords();
        for (int i = 0; i < PEERS; i++) {
            records.put(id(i), "c" + i, List.of(new ServiceRecords.Endpoint("benchnet", address(i + 2), List.of(), false)));
        }
        try (EmbeddedDns dns = EmbeddedDns.start(List.of(upstream.address()));
                NetnsExecutor netns = new NetnsExecutor()) {
            List<Double> attach = new ArrayList<>();
            List<Double> again = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < PEERS; i++) {
                    long t0 = System.nanoTime();
                    dns.attach(id(i), netns(i), records);
                    (round == 0 ? attach : again).add((System.nanoTime() - t0) / 1e6);
                }
            }
            System.out.printf("DNS attach of a new namespace (%d): p50 %.3f ms, p90 %.3f ms, max %.3f ms%n", attach.size(),
                    pct(attach, 50), pct(attach, 90), Collections.max(attach));
            System.out.printf("DNS attach again (after a platform restart; %d): p50 %.3f ms, p90 %.3f ms, max %.3f ms%n",
                    again.size(), pct(again, 50), pct(again, 90), Collections.max(again));
            DatagramChannel ch = netns.call(netns(0), () -> DatagramChannel.open(StandardProtocolFamily.INET));
            ch.connect(new InetSocketAddress(EmbeddedDns.NAMESERVER, 53));
            List<Double> local = new ArrayList<>();
            List<Double> forwarded = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                long t0 = System.nanoTime();
                ask(ch, "c" + (1 + i % (PEERS - 1)));
                long t1 = System.nanoTime();
                ask(ch, "host" + i + ".example.test");
                long t2 = System.nanoTime();
                if (i >= 200) {
                    local.add((t1 - t0) / 1e6);
                    forwarded.add((t2 - t1) / 1e6);
                }
            }
            ch.close();
            System.out.printf("query round trip from a namespace: local name p50 %.3f ms, p90 %.3f ms; forwarded p50 %.3f ms, p90 %.3f ms%n",
                    pct(local, 50), pct(local, 90), pct(forwarded, 50), pct(forwarded, 90));

            for (int i = 0; i < PEERS; i++) {
                dns.detach(id(i));
                records.remove(id(i));
            }
            // 50 parallel "starts": each puts its records and attaches, then resolves everyone else
            // one thread per container, as 50 'docker run -d' at once would be
            ExecutorService pool = Executors.newFixedThreadPool(PEERS, r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            });
            ConcurrentHashMap<Integer, Double> done = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < PEERS; i++) {
                int n = i;
                all.add(pool.submit(() -> {
                    records.put(id(n), "c" + n, List.of(new ServiceRecords.Endpoint("benchnet", address(n + 2), List.of(), false)));
                    dns.attach(id(n), netns(n), records);
                    DatagramChannel c = netns.call(netns(n), () -> DatagramChannel.open(StandardProtocolFamily.INET));
                    c.connect(new InetSocketAddress(EmbeddedDns.NAMESERVER, 53));
                    for (int other = 0; other < PEERS; other++) {
                        while (other != n && ask(c, "c" + other) != Rcode.NOERROR) {
                            Thread.sleep(5); // not started yet: ask again, as a client retries
                        }
                    }
                    c.close();
                    done.put(n, (System.nanoTime() - start) / 1e6);
                    return null;
                }));
            }
            try {
                for (Future<?> f : all) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.printf("%d namespaces attached in parallel: all resolved all others by name %.0f ms after the first start%n",
                    PEERS, Collections.max(done.values()));
        } finally {
            upstream.close();
        }
    }

    /** Sends one A query on the connected channel and returns the answer's rcode. */
    static int ask(DatagramChannel ch, String name) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
        ch.write(ByteBuffer.wrap(q.toWire()));
        ByteBuffer in = ByteBuffer.allocate(4096);
        ch.read(in);
        return new Message(java.util.Arrays.copyOf(in.array(), in.position())).getRcode();
    }

    /** A stub upstream on 127.0.0.1 answering NXDOMAIN to everything. */
    static final class Stub implements AutoCloseable {
        final DatagramChannel ch;

        Stub() throws Exception {
            ch = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress("127.0.0.1", 0));
            Thread t = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocate(4096);
                try {
                    while (true) {
                        buf.clear();
                        var from = ch.receive(buf);
                        Message q = new Message(java.util.Arrays.copyOf(buf.array(), buf.position()));
                        Message r = new Message(q.getHeader().getID());
                        r.getHeader().setFlag(Flags.QR);
                        r.getHeader().setRcode(Rcode.NXDOMAIN);
                        r.addRecord(q.getQuestion(), Section.QUESTION);
                        ch.send(ByteBuffer.wrap(r.toWire()), from);
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress address() throws Exception {
            return (InetSocketAddress) ch.getLocalAddress();
        }

        @Override
        public void close() throws Exception {
            ch.close();
        }
    }

    static void peer(int i) throws Exception {
        String ns = "csn" + TAG + "-" + i;
        sh("ip", "netns", "add", ns);
        namespaces.add(ns);
        String hostSide = "cstv" + TAG + i;
        sh("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", ns);
        sh("ip", "link", "set", hostSide, "master", BRIDGE, "up");
        sh("ip", "-n", ns, "addr", "add", address(i + 2).getHostAddress() + "/24", "dev", "eth0");
        sh("ip", "-n", ns, "link", "set", "eth0", "up");
        sh("ip", "-n", ns, "link", "set", "lo", "up");
    }

    static Path netns(int i) {
        return Path.of("/run/netns", namespaces.get(i));
    }

    static String id(int i) {
        return String.format("%012x", 0xbe0000L + i) + "0".repeat(52);
    }

    static Inet4Address address(int host) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {10, (byte) 213, (byte) subnet, (byte) host});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double pct(List<Double> values, int p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, s.size() * p / 100));
    }

    static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }
}
