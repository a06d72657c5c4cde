package dev.caisson.web.containers;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

import dev.caisson.engine.Engine;
import dev.caisson.platform.events.EventBus;
import dev.caisson.web.DashboardAccess;

/** The web terminal's WebSocket endpoint (same origin only: the page that opened it). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class TerminalConfiguration implements WebSocketConfigurer {
    private final Engine engine;
    private final EventBus events;
    private final DashboardAccess access;

    TerminalConfiguration(Engine engine, EventBus events, DashboardAccess access) {
        this.engine = engine;
        this.events = events;
        this.access = access;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new TerminalSocket(engine, events), "/ui/containers/*/terminal/ws")
                .addInterceptors(new TerminalHandshake(access));
    }
}
