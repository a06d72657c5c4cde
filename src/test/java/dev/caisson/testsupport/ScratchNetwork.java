package dev.caisson.testsupport;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A bridge with a /24 of 10.213.x.0 and network namespaces plugged into it by veth pairs, made
 * with the {@code ip} tool for a test and removed by close: a container's network without a
 * container. Test traffic may go to these addresses only (the workplace's network rule).
 */
public final class ScratchNetwork implements AutoCloseable {
    /** A namespace on the bridge: its name, its bind-mounted file and its eth0 address. */
    public record Peer(String name, Path netns, Inet4Address address) {
        /** Runs a command inside the namespace; returns its output, fails on a non-zero exit. */
        public String exec(String... command) throws IOException {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
            cmd.addAll(List.of(command));
            return run(cmd.toArray(String[]::new));
        }
    }

    private final String tag;
    private final String bridge;
    private final int subnet;
    private final List<Peer> peers = new ArrayList<>();

    private ScratchNetwork(String tag, String bridge, int subnet) {
        this.tag = tag;
        this.bridge = bridge;
        this.subnet = subnet;
    }

    public static ScratchNetwork create() throws IOException {
        TestHost.requireRoot();
        String used = run("ip", "-4", "-o", "addr");
        int subnet;
        do {
            subnet = ThreadLocalRandom.current().nextInt(1, 255);
        } while (used.contains("10.213." + subnet + "."));
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        ScratchNetwork n = new ScratchNetwork(tag, "cstb" + tag, subnet);
        try {
            run("ip", "link", "add", n.bridge, "type", "bridge");
            run("ip", "addr", "add", n.gateway().getHostAddress() + "/24", "dev", n.bridge);
            run("ip", "link", "set", n.bridge, "up");
        } catch (IOException e) {
            n.close();
            throw e;
        }
        return n;
    }

    public String bridge() {
        return bridge;
    }

    /** The bridge's own address: an address of the host. */
    public Inet4Address gateway() {
        return address(1);
    }

    /** A new namespace with eth0 at 10.213.x.(peers+2), lo up and a default route via the bridge. */
    public Peer addPeer() throws IOException {
        int host = peers.size() + 2;
        String name = "csn" + tag + "-" + host;
        String hostSide = "cstv" + tag + host;
        Peer p = new Peer(name, Path.of("/run/netns", name), address(host));
        run("ip", "netns", "add", name);
        peers.add(p);
        run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", name);
        run("ip", "link", "set", hostSide, "master", bridge, "up");
        run("ip", "-n", name, "addr", "add", p.address().getHostAddress() + "/24", "dev", "eth0");
        run("ip", "-n", name, "link", "set", "eth0", "up");
        run("ip", "-n", name, "link", "set", "lo", "up");
        run("ip", "-n", name, "route", "add", "default", "via", gateway().getHostAddress());
        return p;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Peer p : peers) {
            try {
                run("ip", "netns", "del", p.name()); // its veth pair goes with it
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        try {
            run("ip", "link", "del", bridge);
        } catch (IOException e) {
            first = first == null && !e.getMessage().contains("Cannot find device") ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    private Inet4Address address(int host) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {10, (byte) 213, (byte) subnet, (byte) host});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }
}
