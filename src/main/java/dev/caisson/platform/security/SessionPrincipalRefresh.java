package dev.caisson.platform.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A session's principal is re-read on every request: a user disabled or removed by an admin is
 * logged out at once, a changed role applies to the next request (not only after a new login).
 */
final class SessionPrincipalRefresh extends OncePerRequestFilter {
    private final UserAccounts users;

    SessionPrincipalRefresh(UserAccounts users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Optional<CaissonPrincipal> p = CurrentPrincipal.get().filter(x -> x.via() == CaissonPrincipal.Via.SESSION);
        if (p.isPresent()) {
            Optional<UserAccounts.User> u = users.find(p.get().name()).filter(x -> x.enabled() && x.id() == p.get().userId());
            if (u.isEmpty()) {
                SecurityContextHolder.clearContext();
                var session = req.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else if (u.get().role() != p.get().role()) {
                CaissonPrincipal fresh = users.principal(u.get(), TokenScope.FULL, null, CaissonPrincipal.Via.SESSION);
                var ctx = SecurityContextHolder.createEmptyContext();
                ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(fresh, null, fresh.authorities()));
                SecurityContextHolder.setContext(ctx);
                var session = req.getSession(false);
                if (session != null) {
                    session.setAttribute("SPRING_SECURITY_CONTEXT", ctx);
                }
            }
        }
        chain.doFilter(req, res);
    }
}
