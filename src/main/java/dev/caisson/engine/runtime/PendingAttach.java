package dev.caisson.engine.runtime;

import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * An attach that asked for a container before it started (`docker run`, `docker start -a`):
 * the next start connects it to the shim before the container's process runs, so it misses
 * no output. Cancelling the future withdraws it.
 */
record PendingAttach(boolean stdin, boolean stdout, boolean stderr, CompletableFuture<SocketChannel> channel) {
    byte flags() {
        return (byte) ((stdin ? ShimProtocol.ATTACH_STDIN : 0) | (stdout ? ShimProtocol.ATTACH_STDOUT : 0)
                | (stderr ? ShimProtocol.ATTACH_STDERR : 0));
    }
}
