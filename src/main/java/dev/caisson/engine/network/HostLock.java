package dev.caisson.engine.network;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

import dev.caisson.engine.SystemException;

/**
 * One lock for the whole host, held while a subnet is chosen and its bridge made, and while
 * Caisson's iptables chains change: two engines on one machine (tests, a second data dir) must
 * never pick the same subnet or declare the shared chains at once. A file lock between
 * processes; a JVM-wide lock in front of it, since one JVM may not lock a file twice.
 */
final class HostLock {
    private static final ReentrantLock IN_JVM = new ReentrantLock();
    private static final Path FILE = Files.isDirectory(Path.of("/run/lock")) ? Path.of("/run/lock/caisson-network.lock")
            : Path.of(System.getProperty("java.io.tmpdir"), "caisson-network.lock");

    private HostLock() {
    }

    interface Work<T> {
        T run() throws IOException;
    }

    static <T> T with(Work<T> work) {
        IN_JVM.lock();
        try (FileChannel ch = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return work.run();
        } catch (IOException e) {
            throw new SystemException("host network lock: " + e.getMessage(), e);
        } finally {
            IN_JVM.unlock();
        }
    }
}
