package dev.caisson.web.containers;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.caisson.api.docker.DockerViews;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerState;

/**
 * One line of the containers table: what `docker ps` shows, plus which actions make sense now.
 * CPU and memory are not here: the page asks for them every few seconds ({@link UsageController}).
 */
public record ContainerRow(String id, String shortId, String name, String state, String status, String image,
                    String command, String created, Map<String, String> labels, List<PortLink> ports,
                    boolean manageable) {

    /** manageable: whether this user may press its buttons (the buttons are not shown otherwise). */
    static ContainerRow of(Container c, boolean manageable, List<PortLink> ports) {
        ContainerState s = c.state();
        return new ContainerRow(c.id(), c.id().substring(0, 12), c.name(), s.status().word(), DockerViews.status(s),
                c.spec().image(), String.join(" ", c.config().argv()), ago(c.created()), c.spec().labels(), ports,
                manageable);
    }

    public boolean running() {
        return state.equals("running");
    }

    public boolean paused() {
        return state.equals("paused");
    }

    public boolean canStart() {
        return state.equals("created") || state.equals("exited") || state.equals("dead");
    }

    private static String ago(Instant t) {
        long s = Duration.between(t, Instant.now()).toSeconds();
        if (s < 60) {
            return s + "s ago";
        } else if (s < 3600) {
            return s / 60 + "m ago";
        } else if (s < 86400) {
            return s / 3600 + "h ago";
        }
        return s / 86400 + "d ago";
    }
}
