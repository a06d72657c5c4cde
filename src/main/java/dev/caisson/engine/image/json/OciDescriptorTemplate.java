package dev.caisson.engine.image.json;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An OCI content descriptor: what a blob is, its digest and size. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class OciDescriptorTemplate {
    @JsonProperty("mediaType") public String mediaType;
    @JsonProperty("digest") public String digest;
    @JsonProperty("size") public long size;
    @JsonProperty("annotations") public Map<String, String> annotations;
    @JsonProperty("platform") public Map<String, Object> platform;
}
