package dev.caisson.engine.image;

/**
 * Where a committed image came from, recorded the way Docker records it: the container's ID
 * ({@code container}), its config before any changes ({@code container_config}), and its
 * command, which becomes the history entry's {@code created_by}.
 */
public record CommitSource(String containerId, String createdBy, ImageConfig containerConfig) {
}
