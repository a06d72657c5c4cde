package dev.caisson.web;

import java.time.Instant;

import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.TokenScope;

/** An API token as the account and admin pages list it (times in UTC, "" for none); never its secret. */
public record TokenRow(long id, String user, String name, TokenScope scope, String created, String expires, boolean expired,
                       String lastUsed) {
    public static TokenRow of(ApiTokens.Token t, Instant now) {
        return new TokenRow(t.id(), t.user(), t.name(), t.scope(), PageSupport.utc(t.created()), PageSupport.utc(t.expires()),
                t.expires() != null && !t.expires().isAfter(now), PageSupport.utc(t.lastUsed()));
    }

    public boolean readOnly() {
        return scope == TokenScope.READ_ONLY;
    }
}
