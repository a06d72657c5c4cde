package dev.caisson.engine.cgroup;

import dev.caisson.engine.SystemException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Small file primitives shared by both drivers. Control files are tiny and read whole;
 * parsing functions take the text so they can be tested on golden samples.
 */
public final class CgroupFiles {

    private CgroupFiles() {
    }

    /**
     * Writes one value to one control file. The kernel answers a bad value with EINVAL,
     * EBUSY or ENOSPC on write, which alone says nothing, so the message names file and value.
     */
    public static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            String reason = e instanceof FileSystemException fse && fse.getReason() != null
                    ? fse.getReason() : e.toString();
            throw new SystemException("cannot write \"" + value + "\" to " + file + ": " + reason, e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new SystemException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A file's content, or "" when it does not exist (counters a kernel lacks). */
    public static String readOptional(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new SystemException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A single-number file; "max" and absence read as {@code ifMissing}. */
    public static long readLong(Path file, long ifMissing) {
        return parseLong(readOptional(file), ifMissing);
    }

    public static long parseLong(String text, long ifMissing) {
        String t = text.trim();
        if (t.isEmpty() || t.equals("max")) {
            return ifMissing;
        }
        return Long.parseLong(t);
    }

    /** "key value" lines (memory.stat, cpu.stat, cpuacct.stat, memory.events) in file order. */
    public static Map<String, Long> parseKeyValues(String text) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                try {
                    result.put(parts[0], Long.parseLong(parts[1]));
                } catch (NumberFormatException e) {
                    // non-numeric lines (none known today) are not counters; skip them
                }
            }
        }
        return result;
    }

    /** The pids in a cgroup.procs file; an absent file (cgroup already gone) is empty. */
    public static List<Integer> readPids(Path procs) {
        List<Integer> pids = new ArrayList<>();
        for (String line : readOptional(procs).split("\n")) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.trim()));
            }
        }
        return pids;
    }

    /** SIGKILL through ProcessHandle; a pid that is already gone is not an error. */
    public static void kill(int pid) {
        if (pid == ProcessHandle.current().pid()) {
            throw new SystemException("refusing to kill the engine's own process " + pid);
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Polls {@code condition} every 10 ms until true or {@code millis} elapsed. */
    public static boolean await(BooleanSupplier condition, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return condition.getAsBoolean();
            }
        }
    }

    /**
     * rmdir of a cgroup directory. Retries while the kernel answers EBUSY: a process that
     * was just killed can stay charged to the cgroup for a moment after it exits.
     *
     * @return false if the directory still exists after the retries
     */
    public static boolean rmdir(Path dir, int attempts) {
        for (int i = 0; i < attempts; i++) {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (IOException e) {
                if (i + 1 < attempts) {   // no pause after the last try: a busy parent is the common case
                    await(() -> false, 50L * (i + 1));
                }
            }
        }
        return !Files.exists(dir);
    }
}
