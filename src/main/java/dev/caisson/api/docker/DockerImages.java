package dev.caisson.api.docker;

import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import dev.caisson.engine.Engine;
import dev.caisson.engine.image.ConfigChanges;
import dev.caisson.engine.image.Image;
import dev.caisson.engine.image.ImageConfig;
import dev.caisson.engine.image.ImageDeletion;
import dev.caisson.engine.image.ImageUser;
import dev.caisson.engine.image.Reference;
import dev.caisson.engine.storage.Layer;
import dev.caisson.platform.events.EventBus;

/**
 * Image load, import, removal and tagging, for the Engine API and the dashboard alike: Docker's
 * rules (409 while a container uses the image) and the same image events.
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
        List<ImageDeletion> report = engine.images().remove(ref, force, false, users(engine));
        ImageEvents.removed(events, report);
        return report;
    }

    /** Every container with its image: the removal rules protect images in use. */
    static List<ImageUser> users(Engine engine) {
        return engine.containers().list().stream()
                .map(c -> new ImageUser(c.id(), c.imageId(), c.state().running())).toList();
    }

    /** `docker tag SOURCE REPO[:TAG]`. */
    public void tag(String source, String repo, String tag) {
        String id = engine.images().get(source).id();
        String ref = Reference.parse(repo, tag).toString();
        engine.images().tag(id, ref);
        ImageEvents.publish(events, "tag", id, ref);
    }

    /** `docker load`: every image of a docker-save or OCI archive; onNewLayer hears of each layer added. */
    public List<Image> load(InputStream archive, Consumer<Layer> onNewLayer) {
        List<Image> loaded = engine.images().load(archive, onNewLayer);
        for (Image i : loaded) {
            ImageEvents.publish(events, "load", i.id(), i.id());
        }
        return loaded;
    }

    /**
     * The checks of `docker import` that need no upload, so a bad request fails before the body
     * is read: Dockerfile changes and the reference. Answers the reference, or null for none.
     */
    public static String importReference(String repo, String tag) {
        return repo == null || repo.isEmpty() ? null : Reference.parse(repo, tag).toString();
    }

    /** `docker import`: one layer from a rootfs tar (plain or compressed), tagged when ref is not null. */
    public Image importRootfs(InputStream tar, String ref, List<String> changes, String message) {
        ImageConfig config = ConfigChanges.apply(ImageConfig.EMPTY, changes);
        Image img = engine.images().importRootfs(tar, ref, config, message);
        if (ref != null) {
            ImageEvents.publish(events, "tag", img.id(), ref);
        }
        ImageEvents.publish(events, "import", img.id(), img.id());
        return img;
    }
}
