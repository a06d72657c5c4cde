package dev.caisson.web.containers;

import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;

/** The lifecycle buttons, as the docker CLI commands of the same names do them. */
final class ContainerActions {
    private ContainerActions() {
    }

    /** Runs the action; returns the toast text. */
    static String apply(ContainerRuntime rt, String id, String action) {
        Container c = rt.get(id);
        switch (action) {
            case "start" -> rt.start(c.id());
            case "stop" -> rt.stop(c.id(), null, null);
            case "restart" -> rt.restart(c.id(), null);
            case "pause" -> rt.pause(c.id());
            case "unpause" -> rt.unpause(c.id());
            case "kill" -> rt.kill(c.id(), null);
            case "remove" -> rt.remove(c.id(), true);
            default -> throw new IllegalArgumentException("unknown action: " + action);
        }
        return switch (action) {
            case "stop" -> "Stopped " + c.name();
            case "kill" -> "Killed " + c.name();
            case "remove" -> "Removed " + c.name();
            default -> action.substring(0, 1).toUpperCase() + action.substring(1) + (action.endsWith("e") ? "d " : "ed ")
                    + c.name();
        };
    }
}
