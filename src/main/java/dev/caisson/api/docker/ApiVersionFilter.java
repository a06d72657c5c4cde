package dev.caisson.api.docker;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Docker clients put the API version in the path ("/v1.41/containers/json"). Versions from
 * MIN to CURRENT are served by the same handlers as the unversioned path; others get
 * Docker's 400 message.
 */
@Component
@Order(10)
class ApiVersionFilter extends OncePerRequestFilter {
    static final String VERSION_ATTRIBUTE = "caisson.apiVersion";
    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+\\.\\d+)(/.*)$");

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Matcher m = VERSIONED.matcher(req.getRequestURI());
        if (!m.matches()) {
            chain.doFilter(req, res);
            return;
        }
        String version = m.group(1);
        if (ApiVersion.compare(version, ApiVersion.MIN) < 0) {
            ApiErrors.write(res, 400, "client version " + version + " is too old. Minimum supported API version is "
                    + ApiVersion.MIN + ", please upgrade your client to a newer version");
            return;
        }
        if (ApiVersion.compare(version, ApiVersion.CURRENT) > 0) {
            ApiErrors.write(res, 400, "client version " + version + " is too new. Maximum supported API version is "
                    + ApiVersion.CURRENT);
            return;
        }
        req.setAttribute(VERSION_ATTRIBUTE, version);
        req.getRequestDispatcher(m.group(2)).forward(req, res);
    }
}
