package dev.caisson.engine.runtime;

import java.nio.file.Path;
import java.util.List;

import dev.caisson.engine.InvalidArgumentException;

/**
 * What the runtime asks of networking at each step of a container's life. The runtime knows
 * only this interface; {@code dev.caisson.engine.network} implements it with bridge networks,
 * and {@link #BUILTIN} offers just `none` and `host` (no kernel objects at all).
 *
 * <p>Order: {@link #prepare} (create, makes nothing), {@link #created} (the record exists),
 * {@link #attach} (before the shim runs), {@link #detach} (the process is gone: exit, kill,
 * failed start, or found dead when the engine opens; must be idempotent), {@link #removed} (rm).
 */
public interface Networking {
    /** Once, from the runtime's constructor, after its containers are loaded and before any is adopted. */
    void bind(Containers containers);

    /** Checks the network part of a create request and returns it normalized; makes nothing. */
    ContainerSpec prepare(ContainerSpec spec);

    void created(Container c);

    Sandbox attach(Container c);

    void detach(Container c);

    void removed(Container c);

    /**
     * What a start joins. netns: a namespace file for the shim to join, or null to let the mode
     * decide (none: a new empty one; host: the host's). etcDir: where /etc/hosts, resolv.conf and
     * hostname come from (null: the container's own directory).
     */
    record Sandbox(String netns, Path etcDir) {
        public static final Sandbox OWN = new Sandbox(null, null);
    }

    /** The runtime's containers, as networking may read them. */
    interface Containers {
        Container get(String ref);

        List<Container> list();

        /** The container's directory (its hosts, resolv.conf and hostname files live there). */
        Path directory(String id);
    }

    /** `--network none` and `host` only, as before bridge networking existed. */
    Networking BUILTIN = new Networking() {
        @Override
        public void bind(Containers containers) {
        }

        @Override
        public ContainerSpec prepare(ContainerSpec spec) {
            if (!spec.networkMode().equals("none") && !spec.networkMode().equals("host")) {
                throw new InvalidArgumentException("network mode " + spec.networkMode()
                        + " is not supported by this engine (use none or host)");
            }
            return spec;
        }

        @Override
        public void created(Container c) {
        }

        @Override
        public Sandbox attach(Container c) {
            return Sandbox.OWN;
        }

        @Override
        public void detach(Container c) {
        }

        @Override
        public void removed(Container c) {
        }
    };
}
