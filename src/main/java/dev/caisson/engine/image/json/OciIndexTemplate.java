package dev.caisson.engine.image.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An OCI image index ({@code index.json} of a layout, or a multi-platform list). */
@JsonIgnoreProperties(ignoreUnknown = true)
public class OciIndexTemplate {
    public static final String MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    @JsonProperty("schemaVersion") public int schemaVersion = 2;
    @JsonProperty("mediaType") public String mediaType;
    @JsonProperty("manifests") public List<OciDescriptorTemplate> manifests = new ArrayList<>();
}
