package dev.caisson.engine.network;

import dev.caisson.engine.SystemException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Networks and endpoints as JSON documents: the format of the file store and of the platform's
 * data columns. Tolerant on reading, like ContainerCodec: fields added later read as defaults.
 */
public final class NetworkCodec {
    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private NetworkCodec() {
    }

    public static String toJson(Object networkOrEndpoint) {
        try {
            return JSON.writeValueAsString(networkOrEndpoint);
        } catch (JacksonException e) {
            throw new SystemException("encode " + networkOrEndpoint + ": " + e.getOriginalMessage(), e);
        }
    }

    public static Network network(String json) {
        return read(json, Network.class);
    }

    public static Endpoint endpoint(String json) {
        return read(json, Endpoint.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JacksonException e) {
            throw new SystemException("decode network metadata: " + e.getOriginalMessage(), e);
        }
    }
}
