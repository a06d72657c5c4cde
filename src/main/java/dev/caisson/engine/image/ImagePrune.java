package dev.caisson.engine.image;

import java.util.List;

/** What an image prune removed, and the bytes of layer content it freed. */
public record ImagePrune(List<ImageDeletion> deleted, long spaceReclaimed) {
    public ImagePrune {
        deleted = List.copyOf(deleted);
    }
}
