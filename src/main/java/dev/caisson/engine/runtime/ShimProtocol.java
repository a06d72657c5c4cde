package dev.caisson.engine.runtime;

/**
 * Constants shared with the C shim (src/main/c/shim: supervise.c, main.c, spec.c).
 * Change both sides together; README.md in the shim folder describes the protocol.
 */
final class ShimProtocol {
    /** First byte of a request on a container's shim.sock. */
    static final byte ATTACH = 'a';
    static final byte WAIT = 'w';
    static final byte KILL = 'k';
    static final byte RESIZE = 'r';
    static final byte STATUS = 's';

    /** Attach flags (second byte of an attach request). */
    static final int ATTACH_STDIN = 1;
    static final int ATTACH_STDOUT = 2;
    static final int ATTACH_STDERR = 4;

    /**
     * Stream ids in the 8-byte frames the shim sends to attach clients (Docker's). The shim
     * frames TTY output too (as stream 1); whoever serves Docker's raw TTY attach strips them.
     */
    static final int STREAM_STDOUT = 1;
    static final int STREAM_STDERR = 2;

    /** Files the shim writes in the container directory (its socket lives in the run dir). */
    static final String EXIT_FILE = "exit.json";
    static final String SPEC_FILE = "spec";

    /** Exit code the shim reports when the spec itself is unusable (Docker's 125). */
    static final int EXIT_SPEC_ERROR = 125;

    private ShimProtocol() {
    }
}
