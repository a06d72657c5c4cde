package dev.caisson.web.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.caisson.api.docker.DockerEvents;
import dev.caisson.engine.runtime.Container;
import dev.caisson.platform.streams.AsyncStream;
import dev.caisson.platform.streams.StreamScheduler;
import dev.caisson.web.DashboardAccess;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events page: what `docker events` prints, live. The feed is Docker's own (/events: its
 * filters, its JSON, only events of objects the user may see); it starts with the retained
 * history (the newest {@link #HISTORY} in one batch), then each new event as it happens.
 */
@Controller
class EventsPageController {
    /** The page keeps as many rows; older history is not worth sending. */
    static final int HISTORY = 500;
    private static final Set<String> TYPES = Set.of("container", "image", "network", "volume");
    private static final long KEEPALIVE_MS = 25_000;
    /** A reader this far behind is gone or stuck: its feed ends rather than queueing without bound. */
    private static final long MAX_BACKLOG = 1 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DockerEvents events;
    private final StreamScheduler scheduler;
    private final DashboardAccess access;

    EventsPageController(DockerEvents events, StreamScheduler scheduler, DashboardAccess access) {
        this.events = events;
        this.scheduler = scheduler;
        this.access = access;
    }

    @GetMapping("/ui/events")
    String page(@RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String container, Model model) {
        model.addAttribute("type", TYPES.contains(type) ? type : "");
        model.addAttribute("container", container.trim());
        model.addAttribute("containers", access.visibleContainers().stream().map(Container::name).sorted().toList());
        model.addAttribute("history", HISTORY);
        return "events/page";
    }

    @GetMapping("/ui/events/stream")
    void stream(@RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "") String container,
                HttpServletRequest req, HttpServletResponse res) throws IOException {
        DockerEvents.Feed feed = events.feed(filters(type, container.trim()), Instant.EPOCH);
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        AsyncStream out = AsyncStream.start(req, res, "text/event-stream;charset=UTF-8");
        Batcher batcher = new Batcher(out);
        AutoCloseable subscription = feed.start(batcher::accept);
        batcher.historyDone();
        out.onDone(() -> {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // unsubscribing cannot fail in a way we could act on
            }
        });
        // a comment now and then: proxies keep the connection, and a reader that left is noticed
        scheduler.loop(out, () -> {
            out.send(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
            return KEEPALIVE_MS;
        });
    }

    /** Docker's filters JSON for the page's two choices. */
    static String filters(String type, String container) {
        Map<String, List<String>> f = new LinkedHashMap<>();
        if (TYPES.contains(type)) {
            f.put("type", List.of(type));
        }
        if (!container.isEmpty()) {
            f.put("container", List.of(container));
        }
        return JSON.writeValueAsString(f);
    }

    /**
     * Collects the replayed history (the feed delivers it, and what arrived meanwhile, inside
     * start) to send its newest rows as one batch; afterwards each event goes out on its own.
     */
    private static final class Batcher {
        private final AsyncStream out;
        private final java.util.ArrayDeque<String> history = new java.util.ArrayDeque<>();
        private boolean replaying = true;

        Batcher(AsyncStream out) {
            this.out = out;
        }

        synchronized void accept(byte[] line) {
            String json = new String(line, StandardCharsets.UTF_8).strip();
            if (replaying) {
                history.addLast(json);
                if (history.size() > HISTORY) {
                    history.removeFirst();
                }
            } else if (out.backlog() > MAX_BACKLOG) {
                out.close();
            } else {
                send(List.of(json));
            }
        }

        synchronized void historyDone() {
            replaying = false;
            send(new ArrayList<>(history));
            history.clear();
            out.send("event: live\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
        }

        private void send(List<String> batch) {
            if (!batch.isEmpty()) {
                out.send(("event: events\ndata: [" + String.join(",", batch) + "]\n\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
