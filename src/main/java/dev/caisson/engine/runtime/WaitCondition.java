package dev.caisson.engine.runtime;

import dev.caisson.engine.InvalidArgumentException;

/** Docker's wait conditions: when a wait returns. */
public enum WaitCondition {
    /** at once if the container is not running, else at its exit (Docker's default) */
    NOT_RUNNING,
    /** at the next exit, even if the container has not started yet (`docker run` waits so) */
    NEXT_EXIT,
    /** when the container is removed (`docker run --rm`) */
    REMOVED;

    public static WaitCondition parse(String v) {
        if (v == null || v.isEmpty()) {
            return NOT_RUNNING;
        }
        return switch (v) {
            case "not-running" -> NOT_RUNNING;
            case "next-exit" -> NEXT_EXIT;
            case "removed" -> REMOVED;
            default -> throw new InvalidArgumentException("invalid condition: \"" + v + "\"");
        };
    }
}
