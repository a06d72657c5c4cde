package dev.caisson.api.platform;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.CaissonPrincipal;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.Ownership;
import dev.caisson.platform.security.Teams;
import dev.caisson.platform.security.TokenScope;
import dev.caisson.platform.security.UserAccounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The caller's own account: who they are, their password, their API tokens, what they own. */
@RestController
@RequestMapping("/api/me")
@Tag(name = "me", description = "The signed-in user's account and API tokens")
class MeApi {
    private final UserAccounts users;
    private final Teams teams;
    private final ApiTokens tokens;
    private final Ownership ownership;

    MeApi(UserAccounts users, Teams teams, ApiTokens tokens, Ownership ownership) {
        this.users = users;
        this.teams = teams;
        this.tokens = tokens;
        this.ownership = ownership;
    }

    record Me(String name, String role, String scope, String via, String token, List<String> teams) {
    }

    @GetMapping
    @Operation(summary = "Who the caller is")
    Me me() {
        CaissonPrincipal p = CurrentPrincipal.require();
        return new Me(p.name(), p.role().name(), p.scope().name(), p.via().name(), p.tokenName(), teams.teamsOf(p.userId()));
    }

    record PasswordChange(String currentPassword, String newPassword) {
    }

    @PutMapping("/password")
    @Operation(summary = "Change one's password (the current one is required)")
    ResponseEntity<Void> password(@RequestBody PasswordChange body) {
        users.changePassword(CurrentPrincipal.require().userId(), body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/tokens")
    @Operation(summary = "The caller's API tokens (never their secrets)")
    List<ApiTokens.Token> tokens() {
        return tokens.list(CurrentPrincipal.require().userId());
    }

    /** expiresInDays or expires (an ISO instant); neither: no expiry. */
    record NewToken(String name, String scope, Integer expiresInDays, Instant expires) {
    }

    @PostMapping("/tokens")
    @Operation(summary = "Create an API token; its secret is in this answer only")
    ResponseEntity<Map<String, Object>> create(@RequestBody NewToken body) {
        Instant expires = body.expiresInDays() != null ? ApiTokens.expiryInDays(body.expiresInDays()) : body.expires();
        TokenScope scope;
        try {
            scope = TokenScope.parse(body.scope());
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
        ApiTokens.Issued t = tokens.create(CurrentPrincipal.require().userId(), body.name(), scope, expires);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("token", t.token(), "secret", t.secret()));
    }

    @DeleteMapping("/tokens/{id}")
    @Operation(summary = "Revoke one of the caller's tokens")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        tokens.revoke(CurrentPrincipal.require().userId(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/objects")
    @Operation(summary = "The containers, networks and volumes the caller owns")
    List<Ownership.Owned> objects() {
        return ownership.ownedBy(CurrentPrincipal.require().userId());
    }
}
