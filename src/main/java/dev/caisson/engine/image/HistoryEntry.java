package dev.caisson.engine.image;

import java.time.Instant;

/** One build step of an image; {@code emptyLayer} steps (ENV, CMD...) added no layer. */
public record HistoryEntry(Instant created, String createdBy, String author, String comment, boolean emptyLayer) {
}
