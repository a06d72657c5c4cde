package dev.caisson.web.containers;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import dev.caisson.engine.EngineException;
import dev.caisson.engine.ForbiddenException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.web.DashboardAccess;

/**
 * Checks a terminal's WebSocket before it opens, on the HTTP request that asks for it (where
 * the user's login is known): an exec needs a container the user may change. The container's
 * full ID goes to the session for {@link TerminalSocket}.
 */
final class TerminalHandshake implements HandshakeInterceptor {
    static final String CONTAINER = "container";

    private final DashboardAccess access;

    TerminalHandshake(DashboardAccess access) {
        this.access = access;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest req, ServerHttpResponse res, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        String[] path = req.getURI().getPath().split("/");   // /ui/containers/{id}/terminal/ws
        try {
            attributes.put(CONTAINER, access.execable(path[3]).id());
            return true;
        } catch (NotFoundException e) {
            res.setStatusCode(HttpStatus.NOT_FOUND);
        } catch (ForbiddenException e) {
            res.setStatusCode(HttpStatus.FORBIDDEN);
        } catch (EngineException e) {
            res.setStatusCode(HttpStatus.BAD_REQUEST);
        }
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest req, ServerHttpResponse res, WebSocketHandler handler, Exception e) {
    }
}
