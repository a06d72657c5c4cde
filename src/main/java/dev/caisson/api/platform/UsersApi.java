package dev.caisson.api.platform;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.platform.security.ApiTokens;
import dev.caisson.platform.security.CurrentPrincipal;
import dev.caisson.platform.security.Role;
import dev.caisson.platform.security.UserAccounts;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Users (admins only: PlatformSecurity.ADMIN_API) and every user's tokens. */
@RestController
@Tag(name = "users", description = "Users, their roles and every user's API tokens (admins)")
class UsersApi {
    private final UserAccounts users;
    private final ApiTokens tokens;

    UsersApi(UserAccounts users, ApiTokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    @GetMapping("/api/users")
    @Operation(summary = "All users")
    List<UserAccounts.User> list() {
        return users.list();
    }

    record NewUser(String name, String role, String password) {
    }

    @PostMapping("/api/users")
    @Operation(summary = "Create a user (role ADMIN, OPERATOR or VIEWER)")
    ResponseEntity<UserAccounts.User> create(@RequestBody NewUser body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(users.create(body.name(), role(body.role()), body.password()));
    }

    @GetMapping("/api/users/{name}")
    UserAccounts.User get(@PathVariable String name) {
        return users.get(name);
    }

    record UserChange(String role, Boolean enabled, String password) {
    }

    @PatchMapping("/api/users/{name}")
    @Operation(summary = "Change a user's role, enable or disable them, or set their password")
    UserAccounts.User change(@PathVariable String name, @RequestBody UserChange body) {
        UserAccounts.User u = users.get(name);
        if (body.password() != null) {
            users.setPassword(u.id(), body.password());
        }
        return users.update(CurrentPrincipal.require(), u.id(), body.role() == null ? null : role(body.role()), body.enabled());
    }

    @DeleteMapping("/api/users/{name}")
    @Operation(summary = "Remove a user and their tokens; what they owned passes to admin")
    ResponseEntity<Void> delete(@PathVariable String name) {
        users.delete(CurrentPrincipal.require(), users.get(name).id());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/tokens")
    @Operation(summary = "Every user's API tokens (never their secrets)")
    List<ApiTokens.Token> tokens() {
        return tokens.listAll();
    }

    @DeleteMapping("/api/tokens/{id}")
    @Operation(summary = "Revoke any user's token")
    ResponseEntity<Void> revoke(@PathVariable long id) {
        tokens.revokeAny(id);
        return ResponseEntity.noContent().build();
    }

    static Role role(String s) {
        try {
            return Role.parse(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }
}
