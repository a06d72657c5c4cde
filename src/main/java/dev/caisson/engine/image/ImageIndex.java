package dev.caisson.engine.image;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the image store records beyond the blobs: which configs are images (with the parent
 * they were committed from and their creation time) and the tag table. The configs
 * themselves stay blobs: their bytes are the image ID and are saved back byte-identically.
 *
 * @param images image ID ("sha256:...") to its entry
 * @param tags   normalized reference ("name:tag") to image ID
 */
public record ImageIndex(Map<String, Entry> images, Map<String, String> tags) {
    public ImageIndex {
        images = Collections.unmodifiableMap(new TreeMap<>(images));
        tags = Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    /** @param parent the image this one was committed from, or null; created: null when not known yet */
    public record Entry(String parent, Instant created) {
    }

    public static ImageIndex empty() {
        return new ImageIndex(Map.of(), Map.of());
    }
}
