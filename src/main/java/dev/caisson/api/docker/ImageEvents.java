package dev.caisson.api.docker;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.caisson.engine.image.ImageDeletion;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;

/** Image events as Docker sends them: the image ID as actor, a "name" attribute. */
final class ImageEvents {
    private ImageEvents() {
    }

    static void publish(EventBus bus, String action, String imageId, String name) {
        bus.publish(new DockerEvent("image", action, imageId, Map.of("name", name), Instant.now()));
    }

    /** untag and delete events for a removal report; Docker names the image by its ID in both. */
    static void removed(EventBus bus, List<ImageDeletion> report) {
        for (ImageDeletion d : report) {
            switch (d.kind()) {
                case UNTAGGED -> publish(bus, "untag", d.imageId(), d.imageId());
                case DELETED -> publish(bus, "delete", d.imageId(), d.imageId());
                case LAYER_DELETED -> { } // layers have no events
            }
        }
    }

    /** Docker's JSON for a removal report: {"Untagged": ...} and {"Deleted": ...} items. */
    static List<Map<String, String>> json(List<ImageDeletion> report) {
        return report.stream()
                .map(d -> Map.of(d.kind() == ImageDeletion.Kind.UNTAGGED ? "Untagged" : "Deleted", d.ref()))
                .toList();
    }
}
