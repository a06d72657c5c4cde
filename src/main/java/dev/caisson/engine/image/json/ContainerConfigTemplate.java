package dev.caisson.engine.image.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The {@code config} object inside an image config: how to run a container from the image. */
public class ContainerConfigTemplate {
    @JsonProperty("User") public String user;
    @JsonProperty("ExposedPorts") public Map<String, Object> exposedPorts;
    @JsonProperty("Env") public List<String> env;
    @JsonProperty("Entrypoint") public List<String> entrypoint;
    @JsonProperty("Cmd") public List<String> cmd;
    @JsonProperty("Healthcheck") public HealthcheckTemplate healthcheck;
    @JsonProperty("Volumes") public Map<String, Object> volumes;
    @JsonProperty("WorkingDir") public String workingDir;
    @JsonProperty("Labels") public Map<String, String> labels;
    @JsonProperty("StopSignal") public String stopSignal;
    @JsonProperty("OnBuild") public List<String> onBuild;

    /** Fields we do not model (Hostname, Tty, ArgsEscaped...), kept so nothing is lost. */
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
