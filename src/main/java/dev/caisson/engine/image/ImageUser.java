package dev.caisson.engine.image;

/**
 * A container that uses an image. Docker's removal rules tell running users (which even a
 * forced removal must respect) from stopped ones.
 */
public record ImageUser(String containerId, String imageId, boolean running) {
    public String shortId() {
        return containerId.substring(0, Math.min(12, containerId.length()));
    }
}
