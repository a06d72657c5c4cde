package dev.caisson.engine.cgroup;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Kernel tests fail, not skip, without root: a skipped cgroup suite would hide a broken CI. */
public final class RootRequired {

    private RootRequired() {
    }

    public static void check() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") && !line.split("\\s+")[2].equals("0")) {
                    fail("needs root: cgroup kernel tests write under /sys/fs/cgroup and mount cgroup2 (" + line + ")");
                }
            }
        } catch (IOException e) {
            fail("needs root on Linux: cannot read /proc/self/status: " + e);
        }
    }
}
