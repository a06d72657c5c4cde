package dev.caisson.engine.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Traffic counters of a container's interface, as `docker stats` reports them ("networks" in
 * the Engine API). They are read from the host end of the veth pair in /sys: no need to enter
 * the container's namespace, and the pair's two ends count the same packets with receive and
 * transmit swapped (what the container sends, its host end receives).
 */
public record InterfaceCounters(long rxBytes, long rxPackets, long rxErrors, long rxDropped,
                                long txBytes, long txPackets, long txErrors, long txDropped) {

    static final Path SYS_NET = Path.of("/sys/class/net");

    /** The container side's counters, from the host end named hostInterface; null once the link is gone. */
    static InterfaceCounters ofHostEnd(String hostInterface) {
        Path dir = SYS_NET.resolve(hostInterface).resolve("statistics");
        try {
            return new InterfaceCounters(read(dir, "tx_bytes"), read(dir, "tx_packets"), read(dir, "tx_errors"),
                    read(dir, "tx_dropped"), read(dir, "rx_bytes"), read(dir, "rx_packets"), read(dir, "rx_errors"),
                    read(dir, "rx_dropped"));
        } catch (IOException e) {
            return null;   // the container stopped and its pair went away meanwhile
        }
    }

    private static long read(Path dir, String counter) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve(counter)).trim());
    }
}
