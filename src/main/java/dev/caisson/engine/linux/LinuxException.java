package dev.caisson.engine.linux;

import java.io.IOException;

/** A failed system call, with its errno kept for callers that branch on it. */
public class LinuxException extends IOException {
    private final int errno;

    public LinuxException(String what, int errno, String reason) {
        super(what + ": " + reason + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
