package dev.caisson.platform.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The platform's two security filter chains (the Engine API has its own, EngineApiSecurity):
 * the platform API under /api (bearer tokens or the dashboard's session; CSRF for the session)
 * and the browser pages (form login, session cookie, CSRF on every form, logout).
 */
@Configuration(proxyBeanMethods = false)
class PlatformSecurity {
    static final String[] ADMIN_API = {"/api/users/**", "/api/teams/**", "/api/audit/**", "/api/settings/**", "/api/tokens/**"};
    static final String ADMIN_PAGES = "/ui/admin/**";

    /** bcrypt, with the {id} prefix so that the algorithm can change later without breaking stored hashes. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Docker clients send image names with encoded slashes (docker-java); the rest of the strict checks stay. */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall f = new StrictHttpFirewall();
        f.setAllowUrlEncodedSlash(true);
        return f;
    }

    @Bean
    @Order(2)
    SecurityFilterChain platformApiChain(HttpSecurity http, ApiTokens tokens, UserAccounts users, AuditLog audit) throws Exception {
        RequestMatcher bearer = req -> BearerTokenFilter.bearer(req) != null;
        http.securityMatcher("/api/**")
                .csrf(c -> c.ignoringRequestMatchers(bearer))   // a token is no ambient credential: no CSRF to fear
                .requestCache(c -> c.disable())
                .addFilterAfter(new AuditFilter(audit, PlatformSecurity::describeApi), SecurityContextHolderFilter.class)
                .addFilterBefore(new BearerTokenFilter(tokens), CsrfFilter.class)
                .addFilterBefore(new SessionPrincipalRefresh(users), AuthorizationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/openapi.json", "/api/openapi.yaml", "/api/openapi.json/**").permitAll()
                        .requestMatchers(HttpMethod.GET, ADMIN_API).hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").authenticated()
                        .requestMatchers(ADMIN_API).hasAllAuthorities("ROLE_ADMIN", "SCOPE_FULL")
                        .anyRequest().hasAuthority("SCOPE_FULL"))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> JsonErrors.write(res, 401,
                                "authentication required: an API token as 'Authorization: Bearer <token>', or a dashboard session"))
                        .accessDeniedHandler((req, res, ex) -> {
                            String msg = ex instanceof org.springframework.security.web.csrf.CsrfException
                                    ? "invalid or missing CSRF token" : "permission denied";
                            req.setAttribute(AuditFilter.DETAIL, msg);
                            JsonErrors.write(res, 403, msg);
                        }));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain webChain(HttpSecurity http, UserAccounts users, AuditLog audit) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/error", "/favicon.ico", "/css/**", "/js/**", "/webjars/**", "/assets/**").permitAll()
                        // the administration pages, GET and POST alike, whatever their controllers check
                        .requestMatchers(ADMIN_PAGES).hasAllAuthorities("ROLE_ADMIN", "SCOPE_FULL")
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e.accessDeniedHandler((req, res, ex) -> {
                    String msg = ex instanceof org.springframework.security.web.csrf.CsrfException
                            ? "invalid or missing CSRF token: reload the page" : "permission denied: this page is for admins";
                    req.setAttribute(AuditFilter.DETAIL, msg);
                    res.setStatus(403);
                    res.setContentType("text/plain;charset=UTF-8");
                    res.getWriter().write(msg + "\n");
                }))
                .formLogin(f -> f.loginPage("/login").permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .addLogoutHandler((req, res, auth) -> {
                            if (auth != null && auth.getPrincipal() instanceof CaissonPrincipal p) {
                                audit.record(p, AuditFilter.source(req), "logout", "POST", "/logout", p.name(), 302, null);
                            }
                        }))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .addFilterAfter(new AuditFilter(audit, PlatformSecurity::describePage), SecurityContextHolderFilter.class)
                .addFilterBefore(new SessionPrincipalRefresh(users), AuthorizationFilter.class);
        return http.build();
    }

    /** Changes through the platform API: "POST /api/users" → action "api.post:/api/users". */
    static AuditFilter.Description describeApi(HttpServletRequest req) {
        String m = req.getMethod();
        if (m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS")) {
            return AuditFilter.Description.SKIP;
        }
        String path = req.getRequestURI().substring(req.getContextPath().length());
        return new AuditFilter.Description(true, "api." + m.toLowerCase(java.util.Locale.ROOT) + ":" + pattern(path), path);
    }

    /** Form posts of the dashboard (login and logout are audited by PasswordLogin and the logout handler). */
    static AuditFilter.Description describePage(HttpServletRequest req) {
        String m = req.getMethod();
        String path = req.getRequestURI().substring(req.getContextPath().length());
        if (m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS") || path.equals("/login") || path.equals("/logout")) {
            return AuditFilter.Description.SKIP;
        }
        return new AuditFilter.Description(true, "ui." + m.toLowerCase(java.util.Locale.ROOT) + ":" + pattern(path), path);
    }

    /** The path with its numeric and hex IDs replaced, so that actions group ("/api/users/{id}"). */
    static String pattern(String path) {
        String p = path.replaceAll("/[0-9]+(?=/|$)", "/{id}").replaceAll("/[0-9a-f]{12,64}(?=/|$)", "/{id}");
        return p.length() > 50 ? p.substring(0, 50) : p;
    }
}
