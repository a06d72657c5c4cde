package dev.caisson.api.docker;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.AuditFilter;
import dev.caisson.platform.security.CaissonPrincipal;
import dev.caisson.platform.security.TokenScope;
import dev.caisson.platform.security.UserAccounts;

/**
 * The Engine API's door, in its Spring Security filter chain. Who: the unix socket is trusted by
 * its file mode and acts as the admin; over TCP a request needs an API token as
 * `Authorization: Bearer ...` (an open Engine API on a port would hand out root on the host).
 * What: the route table (EngineRoutes) and the objects' owners (EngineObjectAccess) decide,
 * before any controller runs. Refusals are Docker's JSON errors.
 */
final class EngineApiGate extends OncePerRequestFilter {
    static final String MATCH = "caisson.engineRoute";

    private final ApiTokens tokens;
    private final UserAccounts users;
    private final EngineObjectAccess objects;

    EngineApiGate(ApiTokens tokens, UserAccounts users, EngineObjectAccess objects) {
        this.tokens = tokens;
        this.users = users;
        this.objects = objects;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        EngineRoutes.Match match = match(req);
        CaissonPrincipal who;
        if (viaUnixSocket(req)) {
            who = users.principal(users.admin(), TokenScope.FULL, null, CaissonPrincipal.Via.SOCKET);
        } else {
            String auth = req.getHeader("Authorization");
            String bearer = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
            var found = tokens.authenticate(bearer);
            if (found.isEmpty()) {
                res.setHeader("WWW-Authenticate", "Bearer realm=\"caisson\"");
                refuse(req, res, 401, bearer == null
                        ? "authentication required: send an API token as 'Authorization: Bearer <token>' (or use the unix socket)"
                        : "invalid API token (unknown, revoked or expired)");
                return;
            }
            who = found.get();
        }
        SecurityContext ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(who, null, who.authorities()));
        SecurityContextHolder.setContext(ctx);

        EngineRoutes.Route route = match.route();
        if (!who.effectiveRole().includes(route.access().role)) {
            refuse(req, res, 403, "permission denied: " + route.action() + " needs the role " + route.access().role
                    + "; " + who.name() + " acts as " + who.effectiveRole()
                    + (who.tokenName() != null && who.effectiveRole() != who.role() ? " (read-only token)" : ""));
            return;
        }
        EngineObjectAccess.Decision d = objects.decide(who, match, req);
        if (d != null) {
            refuse(req, res, d.status(), d.message());
            return;
        }
        chain.doFilter(objects.requestFor(req), res);
    }

    /** The route of a request, computed once and kept for the audit filter and the list filter. */
    static EngineRoutes.Match match(HttpServletRequest req) {
        Object m = req.getAttribute(MATCH);
        if (m instanceof EngineRoutes.Match found) {
            return found;
        }
        String path = req.getRequestURI().substring(req.getContextPath().length());
        EngineRoutes.Match match = EngineRoutes.match(req.getMethod(), path);
        req.setAttribute(MATCH, match);
        return match;
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse res, int status, String message) throws IOException {
        req.setAttribute(AuditFilter.DETAIL, message);
        ApiErrors.write(res, status, message);
    }

    /** Tomcat reports no local port for a unix domain socket connection. */
    static boolean viaUnixSocket(HttpServletRequest req) {
        return req.getLocalPort() <= 0;
    }
}
