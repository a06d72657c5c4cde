package dev.caisson.engine.runtime;

import dev.caisson.engine.SystemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A container's metadata as one JSON document: the format of config.json and of the
 * platform's data column, so both stores read each other's records (the platform imports
 * config.json files when it first opens a data dir). Tolerant on reading, so the records can
 * evolve without a migration: a field added later reads as its default (null, 0, false) from an
 * older record, a field removed later is ignored.
 */
public final class ContainerCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ContainerCodec() {
    }

    public static String toJson(Container c) {
        try {
            return JSON.writeValueAsString(c);
        } catch (JacksonException e) {
            throw new SystemException("encode container " + c.id() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static Container fromJson(String json) {
        try {
            return JSON.readValue(json, Container.class);
        } catch (JacksonException e) {
            throw new SystemException("decode container metadata: " + e.getOriginalMessage(), e);
        }
    }
}
