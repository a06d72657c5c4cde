package dev.caisson.platform.security;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The principal of the request this thread serves, if any (Spring Security's context). */
public final class CurrentPrincipal {
    private CurrentPrincipal() {
    }

    public static Optional<CaissonPrincipal> get() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a != null && a.getPrincipal() instanceof CaissonPrincipal p ? Optional.of(p) : Optional.empty();
    }

    /** For services called only from authenticated requests: no principal there is a bug, refused as such. */
    public static CaissonPrincipal require() {
        return get().orElseThrow(() -> new org.springframework.security.access.AccessDeniedException("not authenticated"));
    }
}
