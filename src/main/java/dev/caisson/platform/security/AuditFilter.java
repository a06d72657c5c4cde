package dev.caisson.platform.security;

import java.io.IOException;
import java.util.function.Function;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes one audit row per audited request once it is answered: who (the principal the chain
 * established, else anonymous), the action and target the API names, the status (101 for an
 * exec or attach session that started) and the source address. Sits in each security filter
 * chain in front of authentication, so refused requests are recorded too.
 */
public final class AuditFilter extends OncePerRequestFilter {
    /** A refusal's message, set by whoever refused, recorded as the row's detail. */
    public static final String DETAIL = "caisson.audit.detail";
    /** Set by a handler (e.g. a dashboard form) to name its action and target better than the path does. */
    public static final String ACTION = "caisson.audit.action";
    public static final String TARGET = "caisson.audit.target";

    /** What a request is, for the log; audited false: not recorded (reads). */
    public record Description(boolean audited, String action, String target) {
        public static final Description SKIP = new Description(false, null, null);
    }

    private final AuditLog log;
    private final Function<HttpServletRequest, Description> describer;

    public AuditFilter(AuditLog log, Function<HttpServletRequest, Description> describer) {
        this.log = log;
        this.describer = describer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Description d = describer.apply(req);
        if (!d.audited()) {
            chain.doFilter(req, res);
            return;
        }
        int status = 500;
        try {
            chain.doFilter(req, res);
            status = res.getStatus();
        } finally {
            Object detail = req.getAttribute(DETAIL);
            Object action = req.getAttribute(ACTION);
            Object target = req.getAttribute(TARGET);
            log.record(CurrentPrincipal.get().orElse(null), source(req), action == null ? d.action() : action.toString(),
                    req.getMethod(), pathAndQuery(req), target == null ? d.target() : target.toString(), status,
                    detail == null ? null : detail.toString());
        }
    }

    /** The peer's address; "unix" for the Engine API socket (Tomcat reports no local port there). */
    public static String source(HttpServletRequest req) {
        return req.getLocalPort() <= 0 ? "unix" : req.getRemoteAddr();
    }

    private static String pathAndQuery(HttpServletRequest req) {
        return req.getQueryString() == null ? req.getRequestURI() : req.getRequestURI() + "?" + req.getQueryString();
    }
}
