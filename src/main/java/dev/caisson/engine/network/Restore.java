package dev.caisson.engine.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.Container;

/**
 * When the engine opens: whatever the last run left for containers that are gone or no longer
 * running is undone (veths, pinned namespaces, leases, attachments of removed containers).
 * Containers recorded as running keep everything; if their process died while no engine ran,
 * the runtime records that exit right after and detaches them then.
 */
final class Restore {
    private static final System.Logger LOG = System.getLogger(Restore.class.getName());
    private final Sandboxes sandboxes;
    private final NetworkState state;
    private final NetworkOptions options;

    Restore(Sandboxes sandboxes, NetworkState state, NetworkOptions options) {
        this.sandboxes = sandboxes;
        this.state = state;
        this.options = options;
    }

    void run() {
        for (String id : state.containerIds()) {
            Container c = find(id);
            if (c == null) {
                sandboxes.forget(id);   // removed while half-made, or its record lost
            } else if (!c.state().running()) {
                sandboxes.detach(c);
            }
        }
        for (Path file : pinned()) {
            Container c = find(file.getFileName().toString());
            if (c == null || !c.state().running()) {
                try {
                    dev.caisson.engine.linux.NetNamespace.remove(file);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "remove " + file + ": " + e.getMessage());
                }
            }
        }
    }

    private Container find(String id) {
        try {
            Container c = sandboxes.containers().get(id);
            return c.id().equals(id) ? c : null;
        } catch (NotFoundException e) {
            return null;
        }
    }

    private List<Path> pinned() {
        if (!Files.isDirectory(options.netnsDir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(options.netnsDir())) {
            return s.toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "list " + options.netnsDir() + ": " + e.getMessage());
            return List.of();
        }
    }
}
