package dev.caisson.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Network bits tests share: a default bridge name of their own (several engines may run on
 * one host at once, each with its own bridge), leak checks, and removing what a test's
 * platform made (the platform, like Docker, keeps its default bridge when it stops).
 */
public final class TestNetworks {
    private TestNetworks() {
    }

    /** "cb" and 8 hex digits: within the 15 characters an interface name may have. */
    public static String uniqueBridge() {
        return "cb" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /**
     * Whether the link is gone, waiting up to 2 s: a container's veth pair goes with its network
     * namespace, which the kernel tears down in its own time after a stop or rm.
     */
    public static boolean linkGone(String name) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (!linkExists(name)) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    public static boolean linkExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    /** The iptables rules (filter and nat) that name this interface. */
    public static List<String> rulesMentioning(String iface) throws IOException, InterruptedException {
        return (run("iptables-save", "-t", "filter") + run("iptables-save", "-t", "nat")).lines()
                .filter(l -> l.startsWith("-A ") && (l.contains(" " + iface + " ") || l.endsWith(" " + iface)))
                .toList();
    }

    /** Deletes the bridge and every rule naming it (Caisson's chains too when no other bridge uses them). */
    public static void removeBridge(String name) throws IOException, InterruptedException {
        if (name != null) {
            dev.caisson.engine.network.NetworkService.purgeBridge(name);
        }
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }
}
