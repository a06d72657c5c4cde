package dev.caisson.engine.image.json;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The image store's own state file: which configs are images, and the tag table. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class StoreStateTemplate {
    /** image ID to its parent image ID ("" when none). */
    @JsonProperty("images") public Map<String, String> images = new TreeMap<>();
    /** normalized reference ("name:tag") to image ID. */
    @JsonProperty("tags") public Map<String, String> tags = new TreeMap<>();
    /** image ID to when a tag was last put on it by tag, import or commit (Docker's LastTagTime). */
    @JsonProperty("lastTagTimes") public Map<String, String> lastTagTimes = new TreeMap<>();
    /** image ID to its creation time (ISO-8601); absent in files written before it was recorded. */
    @JsonProperty("created") public Map<String, String> created = new TreeMap<>();
}
