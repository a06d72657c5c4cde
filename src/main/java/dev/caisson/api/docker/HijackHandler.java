package dev.caisson.api.docker;

import java.io.IOException;
import java.util.function.Consumer;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

/**
 * Docker's "hijack" (attach, exec start) as a servlet HTTP upgrade: the answer is
 * `101 UPGRADED` with `Upgrade: tcp`, after which the connection is a raw duplex byte
 * stream owned by the session given to {@link #upgrade}. Tomcat creates this class itself,
 * so it keeps a public no-argument constructor.
 */
public class HijackHandler implements HttpUpgradeHandler {
    private Consumer<WebConnection> session;

    public HijackHandler() {
    }

    /** Answers 101 and hands the connection to the session once Tomcat has switched it. */
    static void upgrade(HttpServletRequest req, HttpServletResponse resp, String contentType,
                        Consumer<WebConnection> session) throws IOException {
        resp.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
        resp.setHeader("Content-Type", contentType);
        resp.setHeader("Connection", "Upgrade");
        resp.setHeader("Upgrade", "tcp");
        try {
            req.upgrade(HijackHandler.class).session = session;
        } catch (ServletException e) {
            throw new IOException("upgrade: " + e.getMessage(), e);
        }
    }

    /**
     * Ends a session: closes both directions and has Tomcat release the socket now. Tomcat
     * closes an upgraded socket only while handling an event on it, and a client with an open
     * terminal sends none, so one is raised here (no servlet API exists for this).
     */
    static void end(WebConnection wc) {
        if (wc == null) {
            return;
        }
        try {
            wc.close();
        } catch (Exception ignored) {
            // already closed
        }
        try {
            if (wc.getInputStream() instanceof org.apache.coyote.http11.upgrade.UpgradeServletInputStream in) {
                java.lang.reflect.Field f = in.getClass().getDeclaredField("socketWrapper");
                f.setAccessible(true);
                org.apache.tomcat.util.net.SocketWrapperBase<?> socket = (org.apache.tomcat.util.net.SocketWrapperBase<?>) f.get(in);
                socket.processSocket(org.apache.tomcat.util.net.SocketEvent.OPEN_READ, true);
            }
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            // the socket closes at the client's next event instead
        }
    }

    @Override
    public void init(WebConnection connection) {
        session.accept(connection);
    }

    @Override
    public void destroy() {
        // the session closes what it opened
    }
}
