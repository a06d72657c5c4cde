package dev.caisson.engine.image;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.image.json.ContainerConfigTemplate;
import dev.caisson.engine.image.json.Json;

/** Reads Docker's container Config JSON (the body of POST /commit) into an {@link ImageConfig}. */
public final class ConfigJson {
    private ConfigJson() {
    }

    /** Null for an empty body or JSON {@code null}: the request sent no config. */
    public static ImageConfig parse(byte[] json) {
        if (json == null || new String(json, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            ContainerConfigTemplate t = Json.MAPPER.readValue(json, ContainerConfigTemplate.class);
            return t == null ? null : ConfigMapping.toDomain(t);
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
