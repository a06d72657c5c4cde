package dev.caisson.engine.image.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The Docker/OCI image config JSON. Read only for its meaning: the image ID is the digest of
 * the bytes as loaded, so a loaded config is never written back from this class. Unknown
 * fields are kept for configs we derive from another (commit).
 */
public class ImageConfigTemplate {
    @JsonProperty("architecture") public String architecture;
    @JsonProperty("os") public String os;
    @JsonProperty("created") public String created;
    @JsonProperty("author") public String author;
    @JsonProperty("comment") public String comment;
    @JsonProperty("config") public ContainerConfigTemplate config;
    @JsonProperty("rootfs") public RootFsTemplate rootfs;
    @JsonProperty("history") public List<HistoryTemplate> history = new ArrayList<>();

    private final Map<String, Object> other = new LinkedHashMap<>();

    @JsonAnySetter
    public void set(String name, Object value) {
        other.put(name, value);
    }

    @JsonAnyGetter
    public Map<String, Object> other() {
        return other;
    }
}
