package dev.caisson.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.ConflictException;

class ApiTokensTest {
    private final SecurityDatabase db = new SecurityDatabase();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void theOldTokenFileIsMovedIntoTheTableOnceAndItsTokenStaysValidAsAnAdminToken() throws Exception {
        UserAccounts users = db.users("s3cret-admin-pw");
        Path file = dir.resolve("security/api-tokens.json");
        Files.createDirectories(file.getParent());
        String token = "old-bootstrap-token-123";
        Files.writeString(file, "[{\"name\":\"bootstrap\",\"sha256\":\"" + ApiTokens.sha256(token)
                + "\",\"owner\":\"admin\",\"role\":\"ADMIN\",\"created\":\"2026-01-01T00:00:00Z\"}]");
        ApiTokens tokens = new ApiTokens(db.jdbc, users, file, "");
        CaissonPrincipal p = tokens.authenticate(token).orElseThrow();
        assertThat(p.name()).isEqualTo("admin");
        assertThat(p.role()).isEqualTo(Role.ADMIN);
        assertThat(p.tokenName()).isEqualTo("bootstrap");
        assertThat(p.scope()).isEqualTo(TokenScope.FULL);
        assertThat(file).doesNotExist();
        assertThat(dir.resolve("security/api-tokens.json.migrated")).exists();
        // an ordinary token: listed with admin's tokens, revocable, and not re-created at the next start
        assertThat(tokens.list(users.admin().id())).extracting(ApiTokens.Token::name).containsExactly("bootstrap");
        new ApiTokens(db.jdbc, db.users(""), file, "");   // the next start
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM api_tokens", Integer.class)).isEqualTo(1);
        tokens.revoke(users.admin().id(), tokens.list(users.admin().id()).get(0).id());
        assertThat(tokens.authenticate(token)).isEmpty();
        new ApiTokens(db.jdbc, db.users(""), file, "");
        assertThat(tokens.authenticate(token)).as("a revoked bootstrap token does not come back").isEmpty();
    }

    @Test
    void theEnvironmentsTokenReplacesTheBootstrapToken() throws Exception {
        UserAccounts users = db.users("s3cret-admin-pw");
        Path file = dir.resolve("none.json");
        ApiTokens tokens = new ApiTokens(db.jdbc, users, file, "from-env-1");
        assertThat(tokens.authenticate("from-env-1")).isPresent();
        tokens = new ApiTokens(db.jdbc, users, file, "from-env-2");
        assertThat(tokens.authenticate("from-env-1")).isEmpty();
        assertThat(tokens.authenticate("from-env-2").orElseThrow().tokenName()).isEqualTo("bootstrap");
        assertThat(db.jdbc.queryForList("SELECT sha256 FROM api_tokens", String.class))
                .containsExactly(ApiTokens.sha256("from-env-2"));
    }

    @Test
    void namedTokensHaveScopeAndExpiryAndDieWithTheirUser() throws Exception {
        UserAccounts users = db.users("s3cret-admin-pw");
        ApiTokens tokens = new ApiTokens(db.jdbc, users, dir.resolve("none.json"), "x-bootstrap");
        UserAccounts.User op = users.create("op1", Role.OPERATOR, "op1-password");
        ApiTokens.Issued full = tokens.create(op.id(), "laptop", TokenScope.FULL, null);
        ApiTokens.Issued ro = tokens.create(op.id(), "ci-read", TokenScope.READ_ONLY, Instant.now().plusSeconds(3600));
        assertThat(full.secret()).startsWith("csn_").hasSizeGreaterThan(40);
        assertThat(db.jdbc.queryForList("SELECT sha256 FROM api_tokens", String.class)).doesNotContain(full.secret(), ro.secret());
        assertThat(tokens.authenticate(full.secret()).orElseThrow().effectiveRole()).isEqualTo(Role.OPERATOR);
        CaissonPrincipal r = tokens.authenticate(ro.secret()).orElseThrow();
        assertThat(r.effectiveRole()).isEqualTo(Role.VIEWER);
        assertThat(r.role()).isEqualTo(Role.OPERATOR);
        assertThatThrownBy(() -> tokens.create(op.id(), "laptop", TokenScope.FULL, null)).isInstanceOf(ConflictException.class);
        db.jdbc.update("UPDATE api_tokens SET expires = ? WHERE name = 'ci-read'", java.sql.Timestamp.from(Instant.now().minusSeconds(1)));
        assertThat(tokens.authenticate(ro.secret())).as("expired").isEmpty();
        users.update(op.id(), null, false);
        assertThat(tokens.authenticate(full.secret())).as("user disabled").isEmpty();
        users.delete(op.id());
        assertThat(tokens.list(op.id())).isEmpty();
    }
}
