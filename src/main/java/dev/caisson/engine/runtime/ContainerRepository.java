package dev.caisson.engine.runtime;

import java.util.List;

/**
 * Where the engine keeps its containers' metadata between runs. The runtime holds every
 * container in memory and writes through here on each change, so an implementation needs no
 * queries beyond loading everything at start. The library default is
 * {@link FileContainerRepository}; the platform keeps them in its database.
 *
 * <p>Each call is atomic: after a failed {@code save} the stored record is the previous one
 * (or none), never a partial one.
 */
public interface ContainerRepository {
    /** Every stored container, in no particular order. */
    List<Container> loadAll();

    /**
     * Inserts or replaces the container with this id.
     *
     * @throws dev.caisson.engine.ConflictException when another container has the same name
     */
    void save(Container container);

    /** Forgets the container; nothing happens when it is not stored. */
    void delete(String id);
}
