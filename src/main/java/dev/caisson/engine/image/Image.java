package dev.caisson.engine.image;

import java.time.Instant;
import java.util.List;

import dev.caisson.engine.storage.Digest;

/**
 * An image as the engine sees it. {@code id} is "sha256:" + the digest of the config bytes;
 * {@code topChainId} is null for an image without layers; {@code parent} is the image this one
 * was committed from, or null.
 */
public record Image(String id, List<String> repoTags, Instant created, String architecture, String os, String author,
        String comment, ImageConfig config, List<Digest> diffIds, Digest topChainId, long size,
        List<HistoryEntry> history, String parent) {
    public Image {
        repoTags = List.copyOf(repoTags);
        diffIds = List.copyOf(diffIds);
        history = List.copyOf(history);
    }

    /** The 12-hex short form Docker prints. */
    public String shortId() {
        return id.substring("sha256:".length(), "sha256:".length() + 12);
    }
}
