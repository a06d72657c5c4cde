package dev.caisson.engine.runtime;

import java.time.Instant;

/**
 * A container's run state as Docker reports it (State in inspect). Immutable: every change
 * makes a new value that is persisted before anyone sees it.
 */
public record ContainerState(
        Status status,
        int pid,
        int shimPid,
        int exitCode,
        boolean oomKilled,
        String error,
        Instant startedAt,
        Instant finishedAt,
        int restartCount,
        boolean manuallyStopped,
        Health health) {

    public enum Status {
        CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

        /** Docker's lower-case word ("running", "exited", ...). */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static ContainerState created() {
        return new ContainerState(Status.CREATED, 0, 0, 0, false, "", null, null, 0, false, null);
    }

    public boolean running() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }

    ContainerState started(int initPid, int shim, Instant at) {
        return new ContainerState(Status.RUNNING, initPid, shim, 0, false, "", at, finishedAt, restartCount, false, null);
    }

    ContainerState exited(int code, boolean oom, String err, Instant at) {
        return new ContainerState(Status.EXITED, 0, 0, code, oom, err == null ? "" : err, startedAt, at, restartCount,
                manuallyStopped, health);
    }

    ContainerState failedToStart(int code, String err) {
        return new ContainerState(status == Status.CREATED ? Status.CREATED : Status.EXITED, 0, 0, code, false, err,
                startedAt, finishedAt, restartCount, manuallyStopped, health);
    }

    ContainerState withStatus(Status s) {
        return new ContainerState(s, pid, shimPid, exitCode, oomKilled, error, startedAt, finishedAt, restartCount,
                manuallyStopped, health);
    }

    /** A user stopped or killed it: restart policies leave it alone (unless-stopped across restarts too). */
    ContainerState stoppedByUser(boolean v) {
        return new ContainerState(status, pid, shimPid, exitCode, oomKilled, error, startedAt, finishedAt, restartCount, v,
                health);
    }

    ContainerState withRestartCount(int n) {
        return new ContainerState(status, pid, shimPid, exitCode, oomKilled, error, startedAt, finishedAt, n,
                manuallyStopped, health);
    }

    ContainerState withHealth(Health h) {
        return new ContainerState(status, pid, shimPid, exitCode, oomKilled, error, startedAt, finishedAt, restartCount,
                manuallyStopped, h);
    }
}
