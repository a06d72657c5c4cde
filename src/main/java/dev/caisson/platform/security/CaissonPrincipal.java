package dev.caisson.platform.security;

import java.io.Serializable;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is asking, however they came in (unix socket, API token, session): the one principal type
 * that authorization, ownership, guard rails and the audit log work with.
 *
 * @param userId    the users row
 * @param name      the user's name
 * @param role      the user's role
 * @param scope     FULL, or READ_ONLY for a read-only token (acts as a VIEWER)
 * @param tokenName the API token's name when one was used, else null
 * @param via       how the request was authenticated
 */
public record CaissonPrincipal(long userId, String name, Role role, TokenScope scope, String tokenName, Via via)
        implements Serializable {

    public enum Via { SOCKET, TOKEN, SESSION }

    /** The role that decides what this request may do: a read-only token acts as a VIEWER. */
    public Role effectiveRole() {
        return scope == TokenScope.READ_ONLY ? Role.VIEWER : role;
    }

    /** Admins see every object, also through a read-only token. */
    public boolean seesEverything() {
        return role == Role.ADMIN;
    }

    /** Guard rails apply to everybody but a full-scope admin. */
    public boolean isAdmin() {
        return effectiveRole() == Role.ADMIN;
    }

    /**
     * For Spring Security's request matchers (the platform API): ROLE_ of the user's role, and
     * SCOPE_FULL or SCOPE_READ_ONLY; a read-only token reads what its user may read, changes nothing.
     */
    public List<GrantedAuthority> authorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + role.name()), new SimpleGrantedAuthority("SCOPE_" + scope.name()));
    }
}
