package dev.caisson.platform.security;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;

/**
 * Users and their passwords (bcrypt through Spring Security's delegating encoder). At first
 * start, with no user at all, the admin `admin` is created with the password from
 * CAISSON_ADMIN_PASSWORD, or a generated one printed once.
 */
@Service
public class UserAccounts {
    public static final String ADMIN = "admin";
    public static final String PASSWORD_ENV = "CAISSON_ADMIN_PASSWORD";
    public static final int MIN_PASSWORD = 8;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
    private static final System.Logger LOG = System.getLogger(UserAccounts.class.getName());

    /** A user as shown to admins; never the hash. */
    public record User(long id, String name, Role role, boolean enabled, boolean hasPassword, Instant created) {
    }

    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;
    private final TransactionTemplate tx;
    /** A hash compared against when the user does not exist, so that both cases take as long. */
    private final String dummyHash;
    private volatile boolean createdAdminNow;

    public UserAccounts(JdbcTemplate jdbc, PasswordEncoder encoder, TransactionTemplate tx,
                        @Value("${caisson.admin.password:}") String adminPassword) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.tx = tx;
        this.dummyHash = encoder.encode("not a password");
        bootstrap(adminPassword);
    }

    private void bootstrap(String fromEnvironment) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM users", Integer.class);
        if (n != null && n > 0) {
            return;
        }
        String password = fromEnvironment;
        boolean generated = password == null || password.isBlank();
        if (generated) {
            byte[] b = new byte[18];
            new SecureRandom().nextBytes(b);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        }
        insert(ADMIN, Role.ADMIN, password);
        createdAdminNow = true;
        if (generated) {
            // printed once, on purpose to stdout: only its hash is kept
            System.out.println("Caisson admin user '" + ADMIN + "' created; password (shown once): " + password);
        } else {
            LOG.log(System.Logger.Level.INFO, "Caisson admin user '" + ADMIN + "' created with the password from " + PASSWORD_ENV);
        }
    }

    /** Whether this start created the first admin (a fresh install). */
    boolean createdAdminNow() {
        return createdAdminNow;
    }

    /** Why this cannot be a user name, or null when it can (forms show it next to their field). */
    public static String nameProblem(String name) {
        return name != null && NAME.matcher(name).matches() ? null
                : "invalid user name '" + name + "': lower-case letters, digits, '_', '.', '-', at most 64";
    }

    /** Why this cannot be a password, or null when it can. */
    public static String passwordProblem(String password) {
        return password != null && password.length() >= MIN_PASSWORD ? null
                : "password too short: at least " + MIN_PASSWORD + " characters";
    }

    public User create(String name, Role role, String password) {
        if (nameProblem(name) != null) {
            throw new InvalidArgumentException(nameProblem(name));
        }
        if (password != null) {
            checkPassword(password);
        }
        try {
            insert(name, role, password);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("user " + name + " already exists");
        }
        return find(name).orElseThrow();
    }

    private void insert(String name, Role role, String password) {
        jdbc.update("INSERT INTO users (name, role, password_hash, enabled, created) VALUES (?, ?, ?, TRUE, ?)",
                name, role.name(), password == null ? null : encoder.encode(password), Timestamp.from(Instant.now()));
    }

    private static void checkPassword(String password) {
        if (passwordProblem(password) != null) {
            throw new InvalidArgumentException(passwordProblem(password));
        }
    }

    public Optional<User> find(String name) {
        return jdbc.query("SELECT * FROM users WHERE name = ?", UserAccounts::user, name).stream().findFirst();
    }

    public User get(long id) {
        return jdbc.query("SELECT * FROM users WHERE id = ?", UserAccounts::user, id).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("no such user: " + id));
    }

    public User get(String name) {
        return find(name).orElseThrow(() -> new NotFoundException("no such user: " + name));
    }

    public List<User> list() {
        return jdbc.query("SELECT * FROM users ORDER BY name", UserAccounts::user);
    }

    /** The bootstrap admin: owner of everything made over the unix socket or before users existed. */
    public User admin() {
        return get(ADMIN);
    }

    /** The enabled user with this name and password; the hash is computed either way. */
    public Optional<User> verify(String name, String password) {
        List<String> hashes = jdbc.queryForList("SELECT password_hash FROM users WHERE name = ? AND enabled", String.class, name);
        String hash = hashes.isEmpty() || hashes.get(0) == null ? null : hashes.get(0);
        boolean ok = encoder.matches(password == null ? "" : password, hash == null ? dummyHash : hash);
        return ok && hash != null ? find(name) : Optional.empty();
    }

    public void setPassword(long id, String password) {
        checkPassword(password);
        jdbc.update("UPDATE users SET password_hash = ? WHERE id = ?", encoder.encode(password), get(id).id());
    }

    /** A user changing their own password: the current one must be given (a session left open is not enough). */
    public void changePassword(long userId, String current, String next) {
        if (next == null || verify(get(userId).name(), current).isEmpty()) {
            throw new InvalidArgumentException("the current password is wrong");
        }
        setPassword(userId, next);
    }

    /**
     * An admin's change of a user: nobody demotes, disables or removes themselves (an admin
     * could lock themselves out), and the bootstrap admin stays an enabled admin, so there is
     * always an admin left.
     */
    public User update(CaissonPrincipal by, long id, Role role, Boolean enabled) {
        User u = get(id);
        if (by.userId() == id && ((role != null && role != u.role()) || Boolean.FALSE.equals(enabled))) {
            throw new ConflictException("you cannot change your own role or disable yourself: ask another admin");
        }
        return update(id, role, enabled);
    }

    /** See {@link #update(CaissonPrincipal, long, Role, Boolean)}. */
    public void delete(CaissonPrincipal by, long id) {
        if (by.userId() == id) {
            throw new ConflictException("you cannot remove yourself: ask another admin");
        }
        delete(id);
    }

    public User update(long id, Role role, Boolean enabled) {
        User u = get(id);
        if (u.name().equals(ADMIN) && ((role != null && role != Role.ADMIN) || Boolean.FALSE.equals(enabled))) {
            throw new ConflictException("the bootstrap admin keeps its role and cannot be disabled");
        }
        if (role != null) {
            jdbc.update("UPDATE users SET role = ? WHERE id = ?", role.name(), id);
        }
        if (enabled != null) {
            jdbc.update("UPDATE users SET enabled = ? WHERE id = ?", enabled, id);
        }
        return get(id);
    }

    /** Removes a user and their tokens; what they owned passes to the admin. */
    public void delete(long id) {
        User u = get(id);
        if (u.name().equals(ADMIN)) {
            throw new ConflictException("the bootstrap admin cannot be removed");
        }
        long admin = admin().id();
        tx.executeWithoutResult(s -> {
            jdbc.update("UPDATE object_owners SET owner_id = ? WHERE owner_id = ?", admin, id);
            jdbc.update("DELETE FROM users WHERE id = ?", id);
        });
    }

    /** The principal of a request made by this user. */
    public CaissonPrincipal principal(User u, TokenScope scope, String tokenName, CaissonPrincipal.Via via) {
        return new CaissonPrincipal(u.id(), u.name(), u.role(), scope, tokenName, via);
    }

    private static User user(ResultSet rs, int row) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("name"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
                rs.getString("password_hash") != null, rs.getTimestamp("created").toInstant());
    }
}
