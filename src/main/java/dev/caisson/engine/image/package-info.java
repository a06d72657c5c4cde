/**
 * Images: domain records ({@link dev.caisson.engine.image.Image},
 * {@link dev.caisson.engine.image.ImageConfig}) and the {@link dev.caisson.engine.image.ImageStore}
 * front, which loads docker-save and OCI-layout archives, saves docker-save archives, imports,
 * commits, tags and removes. The wire JSON lives apart, in {@code image.json}; a loaded config
 * is kept as its original bytes because the image ID is their digest.
 */
package dev.caisson.engine.image;
