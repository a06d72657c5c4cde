package dev.caisson.web.account;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.TokenScope;

/** The new-token form as typed: a name, an expiry in days (empty: none) and a scope. */
public class TokenForm {
    private String name = "";
    private String expiresInDays = "90";
    private String scope = TokenScope.FULL.name();

    public String getName() { return name; }
    public void setName(String v) { name = v == null ? "" : v.trim(); }
    public String getExpiresInDays() { return expiresInDays; }
    public void setExpiresInDays(String v) { expiresInDays = v == null ? "" : v.trim(); }
    public String getScope() { return scope; }
    public void setScope(String v) { scope = v; }

    /** Field → message, with ApiTokens' own rules; empty when the token can be made. */
    Map<String, String> errors() {
        Map<String, String> e = new LinkedHashMap<>();
        if (ApiTokens.nameProblem(name) != null) {
            e.put("name", ApiTokens.nameProblem(name));
        }
        try {
            expires();
        } catch (InvalidArgumentException | NumberFormatException x) {
            e.put("expiresInDays", x instanceof NumberFormatException ? "a number of days, or empty for no expiry" : x.getMessage());
        }
        try {
            scope();
        } catch (IllegalArgumentException x) {
            e.put("scope", x.getMessage());
        }
        return e;
    }

    Instant expires() {
        return ApiTokens.expiryInDays(expiresInDays.isEmpty() ? null : Integer.valueOf(expiresInDays));
    }

    TokenScope scope() {
        return TokenScope.parse(scope);
    }
}
