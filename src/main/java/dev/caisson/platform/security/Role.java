package dev.caisson.platform.security;

/**
 * What a user may do (docs/security.md). Each role includes the ones below it:
 * ADMIN ⊃ OPERATOR ⊃ VIEWER.
 */
public enum Role {
    /** Read only: lists, inspect, logs, stats of what the user may see. */
    VIEWER,
    /** Creates and manages their own containers, networks and volumes; exec and attach into their own. */
    OPERATOR,
    /** Everything: all objects, users, teams, settings, the audit log, prunes. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public static Role parse(String s) {
        try {
            return Role.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown role '" + s + "': one of ADMIN, OPERATOR, VIEWER");
        }
    }
}
