package dev.caisson.engine.runtime;

import java.io.IOException;
import java.util.List;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.image.ImageConfig;

/**
 * What the runtime asks of volumes at each step of a container's life. The runtime knows only
 * this interface; {@code dev.caisson.engine.volume} implements it with local volumes, and
 * {@link #BUILTIN} takes the mounts a caller put in {@link ContainerSpec#mounts()} as they are.
 *
 * <p>Order: {@link #prepare} (create: decides every mount, makes nothing), {@link #created}
 * (the record exists: volumes are made and referenced, empty ones filled from the image; on
 * failure it leaves nothing), {@link #attach} (before the shim runs), {@link #detach} (the
 * process is gone: exit, kill, failed start; idempotent), {@link #removed} (rm, or a create
 * that failed after {@link #created}).
 */
public interface Volumes {
    /** Once, from the runtime's constructor, after its containers are loaded and before any is adopted. */
    void bind(Containers containers);

    /**
     * Checks the mount part of a create request (with the image's VOLUMEs) and returns the spec
     * with every mount decided in {@link ContainerSpec#mounts()}; makes nothing.
     */
    ContainerSpec prepare(ContainerSpec spec, ImageConfig image);

    void created(Container c);

    void attach(Container c);

    void detach(Container c);

    /** @param removeVolumes `docker rm -v`: also remove the container's anonymous volumes */
    void removed(Container c, boolean removeVolumes);

    /** The runtime's containers, as volumes may read them. */
    interface Containers {
        Container get(String ref);

        List<Container> list();

        /** Runs work on a container's root directory: its image and its own changes (see ContainerRuntime#withRootfs). */
        <T> T withRootfs(String id, ContainerRuntime.RootfsWork<T> work) throws IOException;
    }

    /** No volumes: the binds and tmpfs mounts a direct caller decided, nothing from a request. */
    Volumes BUILTIN = new Volumes() {
        @Override
        public void bind(Containers containers) {
        }

        @Override
        public ContainerSpec prepare(ContainerSpec spec, ImageConfig image) {
            if (!spec.volumes().nothingAsked() || spec.mounts().stream().anyMatch(m -> m.type() == MountSpec.Type.VOLUME)) {
                throw new InvalidArgumentException("volumes are not supported by this engine");
            }
            return spec;
        }

        @Override
        public void created(Container c) {
        }

        @Override
        public void attach(Container c) {
        }

        @Override
        public void detach(Container c) {
        }

        @Override
        public void removed(Container c, boolean removeVolumes) {
        }
    };
}
