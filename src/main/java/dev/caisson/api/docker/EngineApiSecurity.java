package dev.caisson.api.docker;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.AuditFilter;
import dev.caisson.platform.security.AuditLog;
import dev.caisson.platform.security.UserAccounts;

/**
 * The Engine API's security filter chain: every Docker path (versioned or not, implemented or
 * not). No sessions, no CSRF (no cookies are involved: the socket or a bearer token), no login
 * page; EngineApiGate authenticates and authorizes, AuditFilter records.
 */
@Configuration(proxyBeanMethods = false)
class EngineApiSecurity {
    @Bean
    @Order(1)
    SecurityFilterChain engineApiChain(HttpSecurity http, ApiTokens tokens, UserAccounts users, EngineObjectAccess objects,
                                       AuditLog audit) throws Exception {
        http.securityMatcher(EngineApiSecurity::isEngineRequest)
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .anonymous(a -> a.disable())
                .logout(l -> l.disable())
                .headers(h -> h.disable())   // Docker's answers, hijacked streams included, carry no browser headers
                .addFilterAfter(new AuditFilter(audit, EngineApiSecurity::describe), SecurityContextHolderFilter.class)
                .addFilterBefore(new EngineApiGate(tokens, users, objects), AuthorizationFilter.class)
                // the gate decides; this only makes sure nothing unauthenticated gets past it
                .authorizeHttpRequests(a -> a
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .anyRequest().authenticated());
        return http.build();
    }

    static boolean isEngineRequest(HttpServletRequest req) {
        return EngineRoutes.isEnginePath(req.getRequestURI().substring(req.getContextPath().length()));
    }

    /** Changes, and reads of a container's files or sessions, are audited; plain reads are not. */
    static AuditFilter.Description describe(HttpServletRequest req) {
        EngineRoutes.Match m = EngineApiGate.match(req);
        boolean read = req.getMethod().equals("GET") || req.getMethod().equals("HEAD")
                || (m.known() && m.route().access() == EngineRoutes.Access.READ);
        if (read && (!m.known() || m.route().access() == EngineRoutes.Access.READ)) {
            return AuditFilter.Description.SKIP;
        }
        String target = m.ref();
        if (m.route().target() == EngineRoutes.Target.CONTAINER_PARAM || m.route().action().equals("container.create")) {
            target = req.getParameter(m.route().action().equals("container.create") ? "name" : "container");
        }
        return new AuditFilter.Description(true, m.route().action(), target == null || target.isEmpty() ? null : target);
    }
}
