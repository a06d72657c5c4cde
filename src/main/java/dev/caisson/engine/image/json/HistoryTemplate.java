package dev.caisson.engine.image.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One {@code history} item of an image config. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class HistoryTemplate {
    @JsonProperty("created") public String created;
    @JsonProperty("created_by") public String createdBy;
    @JsonProperty("author") public String author;
    @JsonProperty("comment") public String comment;
    @JsonProperty("empty_layer") public Boolean emptyLayer;
}
