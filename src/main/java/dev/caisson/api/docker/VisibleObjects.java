package dev.caisson.api.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import dev.caisson.engine.runtime.Container;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.security.CaissonPrincipal;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.ObjectKind;
import dev.caisson.platform.security.Ownership;

/**
 * What a non-admin sees of the Engine API's lists: `docker ps` (filtered before its limit, in
 * ContainerListController), `network ls` and `volume ls` (filtered here, as any controller
 * answers them: the route table names the list's kind) and `docker events`.
 */
@RestControllerAdvice
class VisibleObjects implements ResponseBodyAdvice<Object> {
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private final Ownership ownership;

    VisibleObjects(Ownership ownership) {
        this.ownership = ownership;
    }

    /** The containers the current caller may see (all of them for admins and the unix socket). */
    List<Container> containers(List<Container> all) {
        CaissonPrincipal who = CurrentPrincipal.get().orElse(null);
        if (who == null || who.seesEverything()) {
            return all;
        }
        Set<String> visible = ownership.visible(who, ObjectKind.CONTAINER, all.stream().map(Container::id).toList());
        return all.stream().filter(c -> visible.contains(c.id())).toList();
    }

    /** Events about objects the caller may not see are left out; image and daemon events are for all. */
    Predicate<DockerEvent> events() {
        CaissonPrincipal who = CurrentPrincipal.get().orElse(null);
        if (who == null || who.seesEverything()) {
            return e -> true;
        }
        return e -> {
            ObjectKind kind = switch (e.type()) {
                case "container" -> ObjectKind.CONTAINER;
                case "network" -> ObjectKind.NETWORK;
                case "volume" -> ObjectKind.VOLUME;
                default -> null;
            };
            return kind == null || e.actorId() == null || e.actorId().isEmpty() || ownership.canSee(who, kind, e.actorId());
        };
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (!(request instanceof ServletServerHttpRequest sr)) {
            return body;
        }
        HttpServletRequest req = sr.getServletRequest();
        Object m = req.getAttribute(EngineApiGate.MATCH);
        CaissonPrincipal who = CurrentPrincipal.get().orElse(null);
        if (!(m instanceof EngineRoutes.Match match) || who == null || who.seesEverything()) {
            return body;
        }
        ObjectKind kind = match.route().listKind();
        if (kind == ObjectKind.CONTAINER || kind == null || body == null) {
            return body;
        }
        // whatever types the controller answers with, filter their JSON form (maps and lists)
        Object json = JSON.convertValue(body, Object.class);
        if (kind == ObjectKind.NETWORK && json instanceof List<?> list) {
            return filter(who, kind, list, "Id");
        }
        if (kind == ObjectKind.VOLUME && json instanceof Map<?, ?> map && map.get("Volumes") instanceof List<?> list) {
            Map<Object, Object> out = new LinkedHashMap<>(map);
            out.put("Volumes", filter(who, kind, list, "Name"));
            return out;
        }
        throw new IllegalStateException("cannot filter the " + kind.word() + " list: unexpected answer shape");   // fail closed
    }

    private List<Object> filter(CaissonPrincipal who, ObjectKind kind, List<?> entries, String idKey) {
        List<String> ids = new ArrayList<>();
        for (Object e : entries) {
            if (e instanceof Map<?, ?> m && m.get(idKey) != null) {
                ids.add(m.get(idKey).toString());
            }
        }
        Set<String> visible = ownership.visible(who, kind, ids);
        List<Object> out = new ArrayList<>();
        for (Object e : entries) {
            if (e instanceof Map<?, ?> m && m.get(idKey) != null && visible.contains(m.get(idKey).toString())) {
                out.add(e);
            }
        }
        return out;
    }
}
