package dev.caisson.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;

class UserAccountsTest {
    private final SecurityDatabase db = new SecurityDatabase();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void firstStartCreatesTheAdminWithThePasswordFromTheEnvironmentStoredAsBcrypt() {
        UserAccounts users = db.users("s3cret-admin-pw");
        assertThat(users.createdAdminNow()).isTrue();
        assertThat(users.admin().role()).isEqualTo(Role.ADMIN);
        String hash = db.jdbc.queryForObject("SELECT password_hash FROM users WHERE name = 'admin'", String.class);
        assertThat(hash).startsWith("{bcrypt}$2a$").doesNotContain("s3cret-admin-pw");
        assertThat(users.verify("admin", "s3cret-admin-pw")).isPresent();
        assertThat(users.verify("admin", "wrong")).isEmpty();
        assertThat(users.verify("nobody", "s3cret-admin-pw")).isEmpty();
        // a second start finds the admin and creates nobody
        UserAccounts again = db.users("other-password");
        assertThat(again.createdAdminNow()).isFalse();
        assertThat(again.verify("admin", "s3cret-admin-pw")).isPresent();
        assertThat(again.list()).hasSize(1);
    }

    @Test
    void aGeneratedAdminPasswordIsPrintedOnce() {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true));
        try {
            db.users("");
        } finally {
            System.setOut(old);
        }
        String line = out.toString();
        assertThat(line).contains("password (shown once): ");
        String pw = line.substring(line.indexOf("shown once): ") + 13).trim();
        assertThat(db.users("").verify("admin", pw)).isPresent();
    }

    @Test
    void usersRolesAndTheBootstrapAdminsProtection() {
        UserAccounts users = db.users("s3cret-admin-pw");
        UserAccounts.User op = users.create("op1", Role.OPERATOR, "op1-password");
        assertThatThrownBy(() -> users.create("op1", Role.VIEWER, "another-pw")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> users.create("Bad Name", Role.VIEWER, "another-pw")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> users.create("short", Role.VIEWER, "pw")).isInstanceOf(InvalidArgumentException.class);
        users.update(op.id(), null, false);
        assertThat(users.verify("op1", "op1-password")).as("a disabled user cannot log in").isEmpty();
        assertThatThrownBy(() -> users.update(users.admin().id(), Role.VIEWER, null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> users.delete(users.admin().id())).isInstanceOf(ConflictException.class);
        users.delete(op.id());
        assertThat(users.find("op1")).isEmpty();
    }

    @Test
    void nobodyDemotesDisablesOrRemovesThemselvesButOthersYes() {
        UserAccounts users = db.users("s3cret-admin-pw");
        UserAccounts.User second = users.create("admin2", Role.ADMIN, "admin2-password");
        CaissonPrincipal by = users.principal(second, TokenScope.FULL, null, CaissonPrincipal.Via.SESSION);
        assertThatThrownBy(() -> users.update(by, second.id(), Role.VIEWER, null)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("your own role");
        assertThatThrownBy(() -> users.update(by, second.id(), null, false)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> users.delete(by, second.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("cannot remove yourself");
        assertThat(users.update(by, second.id(), Role.ADMIN, true).role()).as("no change is no harm").isEqualTo(Role.ADMIN);
        UserAccounts.User op = users.create("op2", Role.OPERATOR, "op2-password");
        assertThat(users.update(by, op.id(), Role.VIEWER, false).role()).isEqualTo(Role.VIEWER);
        users.delete(by, op.id());
        assertThat(users.find("op2")).isEmpty();
        assertThatThrownBy(() -> users.changePassword(second.id(), "wrong-password", "admin2-new-password"))
                .hasMessage("the current password is wrong");
        users.changePassword(second.id(), "admin2-password", "admin2-new-password");
        assertThat(users.verify("admin2", "admin2-new-password")).isPresent();
    }
}
