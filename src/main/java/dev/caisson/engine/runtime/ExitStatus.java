package dev.caisson.engine.runtime;

import java.time.Instant;

/** How a container's init ended: exit code (128+signal when killed), OOM kill, when. */
public record ExitStatus(int exitCode, boolean oomKilled, Instant finishedAt) {
}
