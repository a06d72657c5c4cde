package dev.caisson.api.docker;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;

/**
 * An attach or exec session for a client that did not ask for the upgrade (docker-java sends no
 * `Upgrade: tcp` when it has no stdin to send): Docker then answers 200 and streams the output as
 * the response body until the session ends. The session code sees the same WebConnection as for
 * a hijacked one; closing it completes the response.
 */
final class PlainStreamConnection implements WebConnection {
    private final AsyncContext async;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PlainStreamConnection(AsyncContext async) {
        this.async = async;
    }

    /** Sends the 200 answer's head now (clients wait for it) and returns the open stream. */
    static PlainStreamConnection start(HttpServletRequest req, HttpServletResponse resp, String contentType)
            throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType(contentType);
        AsyncContext async = req.startAsync();
        async.setTimeout(0);   // as long as the container or process runs
        resp.flushBuffer();
        return new PlainStreamConnection(async);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        return async.getRequest().getInputStream();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        return async.getResponse().getOutputStream();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            async.complete();
        }
    }
}
