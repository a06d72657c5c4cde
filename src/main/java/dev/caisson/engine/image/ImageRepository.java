package dev.caisson.engine.image;

/**
 * Where the image store keeps its {@link ImageIndex} between runs. The store holds the index
 * in memory and hands every new version to {@link #save}, which must be atomic: afterwards
 * either the new index or the previous one is stored, never a mix. Implementations may write
 * only what changed. The library default is {@link FileImageRepository}; the platform keeps it
 * in its database.
 */
public interface ImageRepository {
    ImageIndex load();

    void save(ImageIndex index);
}
