package dev.caisson.api.docker;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.caisson.engine.Engine;
import dev.caisson.engine.image.ImageDeletion;
import dev.caisson.engine.image.ImageUser;
import dev.caisson.engine.image.Reference;
import dev.caisson.platform.events.EventBus;

/**
 * Image removal and tagging for other parts of the platform (the dashboard), with the Engine
 * API's rules: Docker's 409 while a container uses the image, and the same image events.
 */
@Component
public class DockerImages {
    private final Engine engine;
    private final EventBus events;

    DockerImages(Engine engine, EventBus events) {
        this.engine = engine;
        this.events = events;
    }

    /** `docker rmi [-f]`: what was untagged and deleted. */
    public List<ImageDeletion> remove(String ref, boolean force) {
        List<ImageUser> users = engine.containers().list().stream()
                .map(c -> new ImageUser(c.id(), c.imageId(), c.state().running())).toList();
        List<ImageDeletion> report = engine.images().remove(ref, force, false, users);
        ImageEvents.removed(events, report);
        return report;
    }

    /** `docker tag SOURCE REPO[:TAG]`. */
    public void tag(String source, String repo, String tag) {
        String id = engine.images().get(source).id();
        String ref = Reference.parse(repo, tag).toString();
        engine.images().tag(id, ref);
        ImageEvents.publish(events, "tag", id, ref);
    }
}
