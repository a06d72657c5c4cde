package dev.caisson.platform.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The login form's check: throttled per user name and per source address before the password
 * is even compared; every attempt is audited. The session's principal is a CaissonPrincipal.
 */
@Component
public class PasswordLogin implements AuthenticationProvider {
    private final UserAccounts users;
    private final LoginThrottle throttle;
    private final AuditLog audit;

    public PasswordLogin(UserAccounts users, LoginThrottle throttle, AuditLog audit) {
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication a) {
        String name = a.getName() == null ? "" : a.getName().trim();
        String password = a.getCredentials() == null ? "" : a.getCredentials().toString();
        String source = a.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : "";
        var wait = throttle.retryAfter(name, source);
        if (wait.isPresent()) {
            audit.record(null, source, "login", "POST", "/login", name, 429, "throttled");
            throw new LockedException("Too many failed logins: try again in " + Math.max(1, wait.get().toSeconds()) + " s");
        }
        var user = users.verify(name, password);
        if (user.isEmpty()) {
            throttle.failed(name, source);
            audit.record(null, source, "login", "POST", "/login", name, 401, "bad credentials");
            throw new BadCredentialsException("Wrong user name or password");
        }
        throttle.succeeded(name);
        CaissonPrincipal p = users.principal(user.get(), TokenScope.FULL, null, CaissonPrincipal.Via.SESSION);
        audit.record(p, source, "login", "POST", "/login", name, 200, null);
        return UsernamePasswordAuthenticationToken.authenticated(p, null, p.authorities());
    }

    @Override
    public boolean supports(Class<?> type) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
    }
}
