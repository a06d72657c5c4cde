package dev.caisson.platform.security;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;

/**
 * Records owners from the EventBus: a container, network or volume "create" event is published
 * on the thread of the request that made the object (the Engine API, the platform services, a
 * volume made implicitly by a container's create), so the owner is that request's principal.
 * With none (a background task, the unix socket before authentication existed) it is the admin.
 * One place for every entry point, and no change to the code that creates objects.
 */
@Component
class OwnershipRecorder {
    private static final Map<String, ObjectKind> KINDS = Map.of("container", ObjectKind.CONTAINER,
            "network", ObjectKind.NETWORK, "volume", ObjectKind.VOLUME);

    private static final System.Logger LOG = System.getLogger(OwnershipRecorder.class.getName());

    private final Ownership ownership;
    private final UserAccounts users;

    OwnershipRecorder(EventBus bus, Ownership ownership, UserAccounts users) {
        this.ownership = ownership;
        this.users = users;
        bus.subscribe(this::on);
    }

    private void on(DockerEvent e) {
        ObjectKind kind = KINDS.get(e.type());
        if (kind == null || e.actorId() == null || e.actorId().isEmpty()) {
            return;
        }
        try {
            record(kind, e);
        } catch (RuntimeException x) {
            // never into the bus: its later subscribers must still get the event (the object stays the admin's)
            LOG.log(System.Logger.Level.ERROR, "cannot record the owner of " + e.type() + " " + e.actorId(), x);
        }
    }

    private void record(ObjectKind kind, DockerEvent e) {
        switch (e.action()) {
            case "create" -> ownership.record(kind, e.actorId(), e.attributes().get("name"),
                    CurrentPrincipal.get().map(CaissonPrincipal::userId).orElseGet(() -> users.admin().id()));
            case "destroy" -> ownership.markRemoved(kind, e.actorId());
            default -> {
            }
        }
    }
}
