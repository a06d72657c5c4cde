package dev.caisson.engine.volume;

import java.util.List;

/**
 * Where volumes' metadata is kept between runs (the bytes stay in the data dir). The service
 * holds every volume in memory and writes through here, so loading everything at start is the
 * only query. The library default is {@link FileVolumeRepository}; the platform keeps them in
 * its database. Each call is atomic.
 */
public interface VolumeRepository {
    List<Volume> loadAll();

    /** Inserts or replaces the volume with this name. */
    void save(Volume v);

    /** Forgets the volume; nothing happens when it is not stored. */
    void delete(String name);
}
