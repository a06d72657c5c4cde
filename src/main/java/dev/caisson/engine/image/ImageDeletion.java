package dev.caisson.engine.image;

/**
 * One line of Docker's removal report: a tag removed ({@code Untagged: name:tag}), an image
 * deleted ({@code Deleted: sha256:<id>}) or one of its layers deleted ({@code Deleted:
 * sha256:<chain ID>}). {@code imageId} is the image concerned, for the events.
 */
public record ImageDeletion(Kind kind, String ref, String imageId) {
    public enum Kind { UNTAGGED, DELETED, LAYER_DELETED }

    /** Docker's CLI wording. */
    @Override
    public String toString() {
        return (kind == Kind.UNTAGGED ? "Untagged: " : "Deleted: ") + ref;
    }
}
