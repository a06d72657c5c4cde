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

    /**
     * @param parent      the image this one was committed from, or null
     * @param created     from the config; null when it has none (or, in old indexes, not recorded yet)
     * @param lastTagTime when a tag was last put on it here (Docker's LastTagTime), or null
     */
    public record Entry(String parent, Instant created, Instant lastTagTime) {
        public Entry withCreated(Instant t) {
            return new Entry(parent, t, lastTagTime);
        }

        public Entry withLastTagTime(Instant t) {
            return new Entry(parent, created, t);
        }
    }

    public static ImageIndex empty() {
        return new ImageIndex(Map.of(), Map.of());
    }
}
