package dev.caisson.platform.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** The platform API's token login: `Authorization: Bearer <token>`; without the header a session may still authenticate. */
final class BearerTokenFilter extends OncePerRequestFilter {
    private final ApiTokens tokens;

    BearerTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    static String bearer(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        String bearer = bearer(req);
        if (bearer == null) {
            chain.doFilter(req, res);
            return;
        }
        var who = tokens.authenticate(bearer);
        if (who.isEmpty()) {
            req.setAttribute(AuditFilter.DETAIL, "invalid API token");
            JsonErrors.write(res, 401, "invalid API token (unknown, revoked or expired)");
            return;
        }
        SecurityContext ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(who.get(), null, who.get().authorities()));
        SecurityContextHolder.setContext(ctx);
        chain.doFilter(req, res);
    }
}
