package dev.caisson.engine.image.json;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code rootfs} object: the uncompressed digests of the layers, bottom first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class RootFsTemplate {
    @JsonProperty("type") public String type = "layers";
    @JsonProperty("diff_ids") public List<String> diffIds = new ArrayList<>();
}
