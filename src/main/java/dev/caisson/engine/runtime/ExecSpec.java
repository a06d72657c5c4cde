package dev.caisson.engine.runtime;

import java.util.List;

/** One process to run inside a running container (`docker exec`). */
public record ExecSpec(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
                       boolean privileged, int rows, int cols) {
    public ExecSpec {
        env = env == null ? List.of() : List.copyOf(env);
        if (cmd == null || cmd.isEmpty()) {
            throw new dev.caisson.engine.InvalidArgumentException("No exec command specified");
        }
    }

    public static ExecSpec of(String... cmd) {
        return new ExecSpec(List.of(cmd), List.of(), null, null, false, false, 0, 0);
    }
}
