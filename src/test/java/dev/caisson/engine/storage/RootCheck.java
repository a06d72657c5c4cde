package dev.caisson.engine.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.caisson.engine.linux.Linux;

/** Kernel-facing tests fail loudly rather than skip when they cannot do their job. */
public final class RootCheck {
    private RootCheck() {
    }

    public static void requireRoot() {
        assertTrue(Linux.isRoot(), "needs root: this test uses mknod, lchown, trusted.* xattrs and mounts");
    }
}
