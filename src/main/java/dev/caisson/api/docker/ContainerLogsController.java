package dev.caisson.api.docker;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.platform.streams.AsyncStream;
import dev.caisson.platform.streams.StreamScheduler;
import dev.caisson.engine.Engine;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.engine.runtime.LogCursor;
import dev.caisson.engine.runtime.LogOptions;

/**
 * `docker logs [-f]`: the json-file log as Docker's stream. The log is read in bounded steps
 * on the shared stream thread, so followers hold no request thread while they wait.
 */
@RestController
class ContainerLogsController {
    /** How often a follower looks for new lines. */
    static final long FOLLOW_POLL_MS = 50;
    /** Records per step, and the queued bytes above which a slow client's reading pauses. */
    private static final int STEP_RECORDS = 2000;
    private static final long MAX_BACKLOG = 1 << 20;
    /** A full backlog is looked at again this soon: a fast reader must not wait a follow poll. */
    private static final long BACKLOG_RETRY_MS = 2;

    private final ContainerRuntime rt;
    private final StreamScheduler scheduler;

    ContainerLogsController(Engine engine, StreamScheduler scheduler) {
        this.rt = engine.containers();
        this.scheduler = scheduler;
    }

    @GetMapping("/containers/{id}/logs")
    void logs(@PathVariable String id,
              @RequestParam(required = false) String stdout,
              @RequestParam(required = false) String stderr,
              @RequestParam(required = false) String follow,
              @RequestParam(required = false) String timestamps,
              @RequestParam(required = false) String tail,
              @RequestParam(required = false) String since,
              @RequestParam(required = false) String until,
              HttpServletRequest req, HttpServletResponse res) throws IOException {
        Container c = rt.get(id);
        if (!ContainersController.flag(stdout) && !ContainersController.flag(stderr)) {
            throw new InvalidArgumentException("You must choose at least one stream");
        }
        int n = tail == null || tail.isEmpty() || tail.equals("all") ? -1 : Integer.parseInt(tail);
        LogOptions o = new LogOptions(ContainersController.flag(stdout), ContainersController.flag(stderr),
                unixTime(since), unixTime(until), n, ContainersController.flag(follow));
        boolean tty = c.spec().tty();
        boolean stamps = ContainersController.flag(timestamps);
        LogCursor cursor = rt.openLog(c.id(), o);
        AsyncStream stream = AsyncStream.start(req, res,
                tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream");
        LogFrames frames = new LogFrames(tty, stamps, !o.follow());
        scheduler.loop(stream, new StreamScheduler.Step() {
            @Override
            public long run() throws IOException {
                if (stream.backlog() > MAX_BACKLOG) {
                    return BACKLOG_RETRY_MS;   // the client reads slower than we read: let the socket drain first
                }
                LogCursor.Status s = cursor.pollRecords(r -> {
                    frames.add(r);
                    return true;
                }, STEP_RECORDS);
                if (frames.size() > 0) {
                    stream.send(frames.take());
                }
                return switch (s) {
                    case MORE -> 0;
                    case IDLE -> FOLLOW_POLL_MS;
                    case END -> {
                        stream.close();
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

    /** Docker's since/until: unix seconds, optionally with a fraction; 0 or empty = unset. */
    static Instant unixTime(String v) {
        if (v == null || v.isEmpty() || v.equals("0")) {
            return null;
        }
        BigDecimal d = new BigDecimal(v);
        long sec = d.longValue();
        long nanos = d.subtract(BigDecimal.valueOf(sec)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(sec, nanos);
    }
}
