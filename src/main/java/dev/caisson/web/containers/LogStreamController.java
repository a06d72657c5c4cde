package dev.caisson.web.containers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import dev.caisson.engine.Engine;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.LogCursor;
import dev.caisson.engine.runtime.LogEntry;
import dev.caisson.engine.runtime.LogOptions;
import dev.caisson.platform.streams.AsyncStream;
import dev.caisson.platform.streams.StreamScheduler;
import dev.caisson.web.DashboardAccess;
import tools.jackson.databind.json.JsonMapper;

/**
 * The logs tab's live feed: Server-Sent Events, each a JSON batch of [stream, time, text]
 * records read in bounded steps on the shared stream thread (no request thread per viewer).
 * The page keeps a bounded number of lines, so a container printing 10k lines/s stays smooth.
 * Search is done here, on the server, over the whole log; downloads cover a time range.
 */
@Controller
class LogStreamController {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int STEP_RECORDS = 2000;
    private static final long FOLLOW_POLL_MS = 100;
    private static final long MAX_BACKLOG = 1 << 20;

    private final ContainerRuntime rt;
    private final StreamScheduler scheduler;
    private final DashboardAccess access;

    LogStreamController(Engine engine, StreamScheduler scheduler, DashboardAccess access) {
        this.rt = engine.containers();
        this.scheduler = scheduler;
        this.access = access;
    }

    @GetMapping("/ui/containers/{id}/logs/stream")
    void stream(@PathVariable String id, @RequestParam(defaultValue = "500") int tail,
                @RequestParam(defaultValue = "true") boolean stdout, @RequestParam(defaultValue = "true") boolean stderr,
                @RequestParam(required = false) String q, @RequestParam(defaultValue = "true") boolean follow,
                HttpServletRequest req, HttpServletResponse res) throws IOException {
        Container c = access.visible(id);
        String needle = q == null || q.isBlank() ? null : q.toLowerCase(Locale.ROOT);
        // with a search, the tail counts matches, so the whole log is read and the last ones kept
        LogCursor cursor = rt.openLog(c.id(), new LogOptions(stdout, stderr, null, null,
                needle == null ? tail : -1, follow));
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        AsyncStream out = AsyncStream.start(req, res, "text/event-stream;charset=UTF-8");
        TailWindow history = needle == null ? null : new TailWindow(tail);
        scheduler.loop(out, new StreamScheduler.Step() {
            private boolean caughtUp;

            @Override
            public long run() throws IOException {
                if (out.backlog() > MAX_BACKLOG) {
                    return FOLLOW_POLL_MS;   // the browser is slower than the container: let it drain
                }
                List<Object[]> batch = new ArrayList<>();
                LogCursor.Status s = cursor.pollRecords(r -> {
                    String text = r.log();
                    if (needle == null || text.toLowerCase(Locale.ROOT).contains(needle)) {
                        Object[] rec = {r.stream() == LogEntry.Stream.STDERR ? 2 : 1, r.time().toString(), text};
                        if (history != null && !caughtUp) {
                            history.add(rec);
                        } else {
                            batch.add(rec);
                        }
                    }
                    return true;
                }, STEP_RECORDS);
                if (s != LogCursor.Status.MORE && history != null && !caughtUp) {
                    caughtUp = true;
                    batch.addAll(0, history.records());
                }
                if (!batch.isEmpty()) {
                    out.send(("event: lines\ndata: " + JSON.writeValueAsString(batch) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
                return switch (s) {
                    case MORE -> 0;
                    case IDLE -> FOLLOW_POLL_MS;
                    case END -> {
                        out.send("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
                        out.close();
                        yield -1;
                    }
                };
            }

            @Override
            public void release() {
                try {
                    cursor.close();
                } catch (IOException ignored) {
                    // nothing left to do with it
                }
            }
        });
    }

    /** A time range of the log as a text file ("since"/"until": unix seconds, as the Engine API takes them). */
    @GetMapping("/ui/containers/{id}/logs/download")
    void download(@PathVariable String id, @RequestParam(required = false) Long since,
                  @RequestParam(required = false) Long until, @RequestParam(defaultValue = "true") boolean timestamps,
                  HttpServletResponse res) throws IOException {
        Container c = access.visible(id);
        LogOptions o = new LogOptions(true, true, since == null ? null : Instant.ofEpochSecond(since),
                until == null ? null : Instant.ofEpochSecond(until), -1, false);
        res.setContentType("text/plain;charset=UTF-8");
        res.setHeader("Content-Disposition", "attachment; filename=\"" + c.name() + ".log\"");
        try (LogCursor cursor = rt.openLog(c.id(), o)) {
            OutputStream os = res.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            LogCursor.Status s;
            do {
                s = cursor.pollRecords(r -> {
                    int n = r.maxLength() + 40;   // room for a timestamp
                    byte[] b = n <= buf.length ? buf : new byte[n];
                    int len = timestamps ? r.copyTimestamp(b, 0) : 0;
                    len = r.copyLog(b, len);
                    os.write(b, 0, len);
                    return true;
                }, STEP_RECORDS);
            } while (s == LogCursor.Status.MORE);
        }
    }
}
