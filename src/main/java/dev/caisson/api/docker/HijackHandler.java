package dev.caisson.api.docker;

import java.io.IOException;
import java.util.function.Consumer;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;

import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Docker's "hijack" (attach, exec start) as a servlet HTTP upgrade: the answer is
 * `101 UPGRADED` with `Upgrade: tcp`, after which the connection is a raw duplex byte
 * stream owned by the session given to {@link #upgrade}. It is a Tomcat-internal upgrade
 * handler (see HijackedSocket for why). Tomcat creates this class itself, so it keeps a public
 * no-argument constructor.
 */
public class HijackHandler implements InternalHttpUpgradeHandler {
    private Consumer<WebConnection> session;

    public HijackHandler() {
    }

    /**
     * Answers 101 and hands the connection to the session once Tomcat has switched it; a request
     * without `Upgrade: tcp` gets Docker's other answer, a 200 whose body is the output stream.
     */
    static void upgrade(HttpServletRequest req, HttpServletResponse resp, String contentType,
                        Consumer<WebConnection> session) throws IOException {
        if (!"tcp".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            session.accept(PlainStreamConnection.start(req, resp, contentType));
            return;
        }
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

    /** Ends a session; Tomcat releases the socket at once (see HijackedSocket.close). */
    static void end(WebConnection wc) {
        if (wc == null) {
            return;
        }
        try {
            wc.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    private HijackedSocket socket;

    @Override
    public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
        socket = new HijackedSocket(wrapper);
    }

    @Override
    public SocketState upgradeDispatch(SocketEvent status) {
        return socket.dispatch(status);
    }

    @Override
    public void timeoutAsync(long now) {
        // no timeouts: a session lasts as long as its container or exec
    }

    @Override
    public void setSslSupport(SSLSupport sslSupport) {
        // the unix socket and plain HTTP have none
    }

    @Override
    public void pause() {
        // Tomcat stopping: the sockets close with it
    }

    /** Tomcat passes its own connection object; the session gets the socket-backed one. */
    @Override
    public void init(WebConnection connection) {
        session.accept(socket);
    }

    @Override
    public void destroy() {
        // the session closes what it opened
    }
}
