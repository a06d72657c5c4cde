package dev.caisson.api.docker;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.caisson.engine.Engine;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.GuardRails;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Container creation from a Docker create body (what `docker create` sends): the Engine API's
 * route and the dashboard's run form (which builds the same body) take this one path through
 * the guard rails and the mapping.
 */
@Component
public class DockerCreate {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Engine engine;
    private final GuardRails guardRails;

    DockerCreate(Engine engine, GuardRails guardRails) {
        this.engine = engine;
        this.guardRails = guardRails;
    }

    public Container create(String name, String body, List<String> warnings) {
        ContainerCreateRequest r;
        try {
            r = JSON.readValue(body, ContainerCreateRequest.class);
        } catch (JacksonException e) {
            throw new InvalidArgumentException("invalid create request: " + e.getOriginalMessage());
        }
        return create(name, r, warnings);
    }

    Container create(String name, ContainerCreateRequest r, List<String> warnings) {
        guardRails.checkContainer(CurrentPrincipal.require(), GuardedOptions.of(r));
        return engine.containers().create(ContainerSpecMapper.map(name, r, warnings));
    }
}
