package dev.caisson.engine.image.json;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One entry of a docker-save {@code manifest.json}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class DockerManifestTemplate {
    @JsonProperty("Config") public String config;
    @JsonProperty("RepoTags") public List<String> repoTags;
    @JsonProperty("Layers") public List<String> layers;
}
