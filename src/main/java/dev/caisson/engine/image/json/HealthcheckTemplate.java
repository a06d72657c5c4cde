package dev.caisson.engine.image.json;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Docker's Healthcheck object; durations are nanoseconds. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class HealthcheckTemplate {
    @JsonProperty("Test") public List<String> test;
    @JsonProperty("Interval") public Long interval;
    @JsonProperty("Timeout") public Long timeout;
    @JsonProperty("StartPeriod") public Long startPeriod;
    @JsonProperty("Retries") public Integer retries;
}
