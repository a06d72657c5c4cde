package dev.caisson.web.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

import dev.caisson.engine.Engine;
import dev.caisson.engine.EngineException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.ExecProcess;
import dev.caisson.engine.runtime.ExecSpec;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web terminal: one exec with a TTY per WebSocket. Terminal output goes to the browser as
 * binary messages; the browser sends JSON, {"input": "..."} for keys and {"rows", "cols"} for
 * a resize. Closing the page ends the session's process (its terminal hangs up).
 */
class TerminalSocket extends TextWebSocketHandler {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROCESS = "process";

    private final ContainerRuntime rt;
    private final EventBus events;

    TerminalSocket(Engine engine, EventBus events) {
        this.rt = engine.containers();
        this.events = events;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        WebSocketSession ws = new ConcurrentWebSocketSessionDecorator(raw, 5000, 1 << 20);
        URI uri = raw.getUri();
        Map<String, String> q = UriComponentsBuilder.fromUri(uri).build().getQueryParams().toSingleValueMap();
        ExecProcess p;
        Container c;
        try {
            c = rt.get((String) raw.getAttributes().get(TerminalHandshake.CONTAINER));   // checked by TerminalHandshake
            List<String> cmd = Arrays.stream(q.getOrDefault("cmd", "sh").trim().split("\\s+")).toList();
            p = rt.exec(c.id(), new ExecSpec(cmd, List.of(), q.get("user"), null, true, false,
                    number(q.get("rows")), number(q.get("cols"))));
        } catch (EngineException | IOException e) {
            ws.sendMessage(new TextMessage("could not start: " + e.getMessage()));
            ws.close(CloseStatus.NORMAL.withReason("exec failed"));
            return;
        }
        raw.getAttributes().put(PROCESS, p);
        publish(c, "exec_start: " + q.getOrDefault("cmd", "sh"), Map.of());
        Thread t = new Thread(() -> pump(ws, c, p), "terminal-" + c.id().substring(0, 12));
        t.setDaemon(true);
        t.start();
    }

    /** Terminal output to the browser until the process ends, then the exit code and close. */
    private void pump(WebSocketSession ws, Container c, ExecProcess p) {
        byte[] buf = new byte[16384];
        try (InputStream in = p.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                ws.sendMessage(new BinaryMessage(Arrays.copyOf(buf, n)));
            }
        } catch (IOException | IllegalStateException ignored) {
            // the browser went away or the process ended
        }
        try {
            int code = p.waitFor();
            publish(c, "exec_die", Map.of("exitCode", Integer.toString(code)));
            if (ws.isOpen()) {
                ws.sendMessage(new TextMessage("exited with code " + code));
                ws.close(CloseStatus.NORMAL);
            }
        } catch (IOException | InterruptedException | IllegalStateException ignored) {
            // nothing left to tell
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession ws, TextMessage message) throws IOException {
        ExecProcess p = (ExecProcess) ws.getAttributes().get(PROCESS);
        if (p == null) {
            return;
        }
        JsonNode m = JSON.readTree(message.getPayload());
        if (m.has("input")) {
            OutputStream stdin = p.getOutputStream();
            stdin.write(m.get("input").asString().getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } else if (m.has("rows") && m.has("cols")) {
            p.resize(m.get("rows").asInt(), m.get("cols").asInt());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession ws, CloseStatus status) {
        ExecProcess p = (ExecProcess) ws.getAttributes().get(PROCESS);
        if (p != null && p.isAlive()) {
            p.destroy();
        }
    }

    private void publish(Container c, String action, Map<String, String> extra) {
        Map<String, String> attrs = new LinkedHashMap<>(c.spec().labels());
        attrs.put("image", c.spec().image());
        attrs.put("name", c.name());
        attrs.putAll(extra);
        events.publish(new DockerEvent("container", action, c.id(), attrs, Instant.now()));
    }

    private static int number(String v) {
        try {
            return v == null ? 0 : Math.max(0, Math.min(1000, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
