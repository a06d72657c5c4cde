package dev.caisson.api.docker;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.caisson.platform.security.ApiTokens;

/**
 * The unix socket is trusted by its file mode; over TCP every request needs an API token as
 * `Authorization: Bearer ...` (an unauthenticated Engine API on a network port would hand
 * out root on the host). Anything else gets 401 with Docker's JSON error body.
 */
@Component
@Order(5)
class TcpAuthenticationFilter extends OncePerRequestFilter {
    static final String PRINCIPAL = "caisson.principal";

    private final ApiTokens tokens;

    TcpAuthenticationFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        if (viaUnixSocket(req)) {
            chain.doFilter(req, res);
            return;
        }
        String auth = req.getHeader("Authorization");
        String bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        var who = tokens.authenticate(bearer);
        if (who.isPresent()) {
            req.setAttribute(PRINCIPAL, who.get());
            chain.doFilter(req, res);
            return;
        }
        res.setHeader("WWW-Authenticate", "Bearer realm=\"caisson\"");
        ApiErrors.write(res, 401, bearer == null
                ? "authentication required: send an API token as 'Authorization: Bearer <token>' (or use the unix socket)"
                : "invalid API token");
    }

    /** Tomcat reports no local port for a unix domain socket connection. */
    static boolean viaUnixSocket(HttpServletRequest req) {
        return req.getLocalPort() <= 0;
    }
}
