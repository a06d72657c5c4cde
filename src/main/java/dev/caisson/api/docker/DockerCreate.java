package dev.caisson.api.docker;

import java.util.List;

import dev.caisson.engine.Engine;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.runtime.Container;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Container creation from a Docker create body (what `docker create` sends) for other parts of
 * the platform: the dashboard's run form builds the same body, so both take one path through
 * the mapping and its checks.
 */
public final class DockerCreate {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DockerCreate() {
    }

    public static Container create(Engine engine, String name, String body, List<String> warnings) {
        ContainerCreateRequest r;
        try {
            r = JSON.readValue(body, ContainerCreateRequest.class);
        } catch (JacksonException e) {
            throw new InvalidArgumentException("invalid create request: " + e.getOriginalMessage());
        }
        return engine.containers().create(ContainerSpecMapper.map(name, r, warnings));
    }
}
