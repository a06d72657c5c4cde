package dev.caisson.engine.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dev.caisson.engine.InvalidArgumentException;

/** Linux capability names and Docker's default set, as bit masks for the shim. */
final class Capabilities {
    static final List<String> NAMES = List.of(
            "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
            "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
            "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
            "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
            "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
            "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE");

    /** Docker's default: CapEff 00000000a80425fb for root in a container. */
    static final List<String> DOCKER_DEFAULT = List.of(
            "CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP",
            "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE");

    private Capabilities() {
    }

    static long bit(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.startsWith("CAP_")) {
            n = n.substring(4);
        }
        int i = NAMES.indexOf(n);
        if (i < 0) {
            throw new InvalidArgumentException("unknown capability: \"" + name + "\"");
        }
        return 1L << i;
    }

    /** Every capability this kernel knows (privileged containers). */
    static long all() {
        int last = NAMES.size() - 1;
        try {
            // not Files.readString: on JDK 17 it returns a truncated value for some /proc/sys files
            try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/cap_last_cap"))) {
                last = Integer.parseInt(new String(in.readAllBytes()).trim());
            }
        } catch (Exception e) {
            // keep the compiled-in list
        }
        return last >= 63 ? -1L : (1L << (last + 1)) - 1;
    }

    /** Docker's rule: start from the default set, drop, then add; "ALL" works on both sides. */
    static long effective(boolean privileged, List<String> add, List<String> drop) {
        if (privileged) {
            return all();
        }
        long mask = 0;
        for (String c : DOCKER_DEFAULT) {
            mask |= bit(c);
        }
        for (String c : drop) {
            mask = c.equalsIgnoreCase("ALL") ? 0 : mask & ~bit(c);
        }
        for (String c : add) {
            mask = c.equalsIgnoreCase("ALL") ? all() : mask | bit(c);
        }
        return mask;
    }
}
