package dev.caisson.engine.image.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An OCI (or Docker v2 schema 2, same shape) image manifest. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class OciManifestTemplate {
    @JsonProperty("schemaVersion") public int schemaVersion = 2;
    @JsonProperty("mediaType") public String mediaType;
    @JsonProperty("config") public OciDescriptorTemplate config;
    @JsonProperty("layers") public List<OciDescriptorTemplate> layers = new ArrayList<>();
}
