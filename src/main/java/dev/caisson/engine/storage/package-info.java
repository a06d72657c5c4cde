/**
 * Content storage: sha256 blobs ({@link dev.caisson.engine.storage.BlobStore}), extracted layers
 * keyed by chain ID ({@link dev.caisson.engine.storage.LayerStore}) that serve as overlayfs
 * lowerdirs, safe extraction of untrusted layer tars, and container changes read back from an
 * overlay upper dir. Whiteouts are stored in overlayfs form (0/0 char devices, the
 * {@code trusted.overlay.opaque} xattr) and converted back to {@code .wh.} entries on the way out.
 */
package dev.caisson.engine.storage;
