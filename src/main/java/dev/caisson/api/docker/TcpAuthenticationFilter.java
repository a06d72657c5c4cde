package dev.caisson.api.docker;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Until tokens exist (the Engine API issue brings the bootstrap token, the dashboard issue
 * users and named tokens), the Engine API answers only on the unix socket, whose file mode
 * is the access control. Over TCP every Engine API request gets 401: an unauthenticated
 * Engine API on a network port would hand out root on the host.
 */
@Component
@Order(5)
class TcpAuthenticationFilter extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        if (viaUnixSocket(req)) {
            chain.doFilter(req, res);
            return;
        }
        ApiErrors.write(res, 401, "authentication required: the Engine API is served on the unix socket only until API tokens exist");
    }

    /** Tomcat reports no local port for a unix domain socket connection. */
    static boolean viaUnixSocket(HttpServletRequest req) {
        return req.getLocalPort() <= 0;
    }
}
