package dev.caisson.engine.portmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.ConflictException;
import dev.caisson.testsupport.PeerServers;
import dev.caisson.testsupport.ScratchNetwork;
import dev.caisson.testsupport.TestHost;

/**
 * Published ports end to end: a "container" (a namespace on a scratch bridge) with a TCP
 * greeter on 80 and a UDP echo on 5353, reached from the host through 127.0.0.1 and through a
 * host address (the bridge's own). The rules go to a table of this test's own, removed after.
 */
class PortPublisherIT {
    private static final String TABLE = "caisson_pm_it" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
    private static final String ID = "c0ffee" + "0".repeat(58);
    private static ScratchNetwork net;
    private static ScratchNetwork.Peer container;
    private static ScratchNetwork.Peer successor;
    private static PeerServers servers;

    @BeforeAll
    static void network() throws Exception {
        TestHost.requireRoot();
        net = ScratchNetwork.create();
        container = net.addPeer();
        servers = new PeerServers();
        servers.greeter(container, 80, "hello from the container");
        servers.udpEcho(container, 5353);
        successor = net.addPeer();
        servers.udpEcho(successor, 5353, "second:");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (servers != null) {
            servers.close();
        }
        PortPublisher.removeTable(TABLE);
        if (net != null) {
            net.close();
        }
        assertFalse(ScratchNetwork.run("nft", "list", "tables").contains(TABLE), "the test's table is gone");
    }

    @AfterEach
    void nothingLeftPublished() throws IOException {
        String table = ScratchNetwork.run("nft", "list", "table", "ip", TABLE);
        assertFalse(table.contains("comment"), "no published port left:\n" + table);
        assertFalse(table.contains(net.bridge()), "no bridge left in the set:\n" + table);
    }

    @Test
    void tcpAndUdpPortsAreReachableFromTheHostAndGoneAfterUnpublish() throws Exception {
        try (PortPublisher publisher = PortPublisher.open(TABLE)) {
            List<PublishedPort> ports = publisher.publish(ID, container.address(), net.bridge(), List.of(
                    PortBinding.of("", 0, 80, Protocol.TCP),
                    PortBinding.of("", 0, 5353, Protocol.UDP),
                    PortBinding.of("127.0.0.1", 0, 80, Protocol.TCP)));
            PublishedPort tcp = ports.get(0);
            PublishedPort udp = ports.get(1);
            PublishedPort local = ports.get(2);
            assertEquals("0.0.0.0", tcp.hostIp());
            assertEquals("80/tcp", tcp.portKey());
            assertEquals("127.0.0.1", local.hostIp());
            PortReservations range = new PortReservations();
            for (PublishedPort p : ports) {
                assertTrue(p.hostPort() >= range.rangeStart() && p.hostPort() <= range.rangeEnd(), "ephemeral: " + p);
            }
            assertEquals(ports, publisher.published(ID));

            assertEquals("hello from the container", greeting("127.0.0.1", tcp.hostPort()));
            assertEquals("hello from the container", greeting(net.gateway().getHostAddress(), tcp.hostPort()));
            assertEquals("echo:ping", udpExchange("127.0.0.1", udp.hostPort(), "ping"));
            assertEquals("hello from the container", greeting("127.0.0.1", local.hostPort()));
            assertThrows(ConnectException.class, () -> greeting(net.gateway().getHostAddress(), local.hostPort()),
                    "a port published on 127.0.0.1 only is not on other addresses");
            assertThrows(BindException.class, () -> new ServerSocket(tcp.hostPort()).close(), "the host port is held");

            String table = ScratchNetwork.run("nft", "list", "table", "ip", TABLE);
            assertTrue(table.contains("tcp . " + tcp.hostPort() + " comment \"" + ID + " " + net.bridge() + "\" : "
                    + container.address().getHostAddress() + " . 80"), table);
            assertTrue(table.contains("127.0.0.1 . tcp . " + local.hostPort()), table);

            publisher.unpublish(ID);
            assertEquals(List.of(), publisher.published(ID));
            assertThrows(ConnectException.class, () -> greeting("127.0.0.1", tcp.hostPort()));
            new ServerSocket(tcp.hostPort()).close(); // free again
            new DatagramSocket(udp.hostPort()).close();
            publisher.unpublish(ID); // twice is fine
        }
    }

    @Test
    void aFixedPortInUseIsRefusedAndNothingStays() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"));
                PortPublisher publisher = PortPublisher.open(TABLE)) {
            ConflictException e = assertThrows(ConflictException.class, () -> publisher.publish(ID, container.address(),
                    net.bridge(), List.of(PortBinding.of("", 0, 5353, Protocol.UDP),
                            PortBinding.of("", taken.getLocalPort(), 80, Protocol.TCP))));
            assertEquals("failed to bind host port 0.0.0.0:" + taken.getLocalPort() + "/tcp: address already in use",
                    e.getMessage());
            assertEquals(List.of(), publisher.published(ID));
        }
    }

    @Test
    void rulesOutliveThePublisherAndAreTakenBackAfterARestart() throws Exception {
        PublishedPort port;
        try (PortPublisher first = PortPublisher.open(TABLE)) {
            port = first.publish(ID, container.address(), net.bridge(), List.of(PortBinding.of("", 0, 80, Protocol.TCP)))
                    .get(0);
        }
        // the "platform" is gone: the kernel still forwards the port
        assertEquals("hello from the container", greeting("127.0.0.1", port.hostPort()));
        try (PortPublisher second = PortPublisher.open(TABLE)) {
            assertEquals(List.of(port), second.published(ID));
            assertThrows(BindException.class, () -> new ServerSocket(port.hostPort()).close(), "held again");
            assertEquals(Set.of(), second.reconcile(Set.of(ID)));
            assertEquals(Set.of(ID), second.reconcile(Set.of("someone-else")));
            assertEquals(List.of(), second.published(ID));
            assertThrows(ConnectException.class, () -> greeting("127.0.0.1", port.hostPort()));
        }
    }

    @Test
    void publishingTwiceForOneContainerIsAConflict() throws Exception {
        try (PortPublisher publisher = PortPublisher.open(TABLE)) {
            publisher.publish(ID, container.address(), net.bridge(), List.of(PortBinding.of("", 0, 80, Protocol.TCP)));
            assertThrows(ConflictException.class, () -> publisher.publish(ID, container.address(), net.bridge(),
                    List.of(PortBinding.of("", 0, 80, Protocol.TCP))));
            publisher.unpublish(ID);
        }
    }

    @Test
    void aUdpClientThatKeepsSendingReachesTheNextContainerOnThePort() throws Exception {
        try (PortPublisher publisher = PortPublisher.open(TABLE); DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(2000);
            int port = publisher.publish(ID, container.address(), net.bridge(),
                    List.of(PortBinding.of("", 0, 5353, Protocol.UDP))).get(0).hostPort();
            assertEquals("echo:1", exchange(client, port, "1"));
            publisher.unpublish(ID);
            String next = "f00d" + "0".repeat(60);
            publisher.publish(next, successor.address(), net.bridge(), List.of(PortBinding.of("", port, 5353, Protocol.UDP)));
            // same client port as before: without the flush, conntrack would still send it to the first one
            assertEquals("second:2", exchange(client, port, "2"));
            publisher.unpublish(next);
        }
    }

    private static String exchange(DatagramSocket s, int port, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        s.send(new DatagramPacket(out, out.length, InetAddress.getByName("127.0.0.1"), port));
        DatagramPacket in = new DatagramPacket(new byte[512], 512);
        s.receive(in);
        return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
    }

    private static String greeting(String host, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2000);
            s.setSoTimeout(2000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    private static String udpExchange(String host, int port, String text) throws IOException {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(2000);
            byte[] out = text.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(out, out.length, InetAddress.getByName(host), port));
            DatagramPacket in = new DatagramPacket(new byte[512], 512);
            s.receive(in);
            return new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
        }
    }
}
