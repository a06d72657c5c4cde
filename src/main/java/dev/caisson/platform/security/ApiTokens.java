package dev.caisson.platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.platform.CaissonProperties;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Named API tokens of users, accepted as `Authorization: Bearer ...` on the Engine API over TCP
 * and on the platform API. A token is shown once; only its SHA-256 is stored (tokens are 256
 * random bits, so a slow hash adds nothing). Each has a scope (the user's full role, or
 * read-only) and an optional expiry.
 *
 * The Engine API's bootstrap token is an ordinary token of `admin` named "bootstrap": taken from
 * CAISSON_API_TOKEN at every start when set, generated and printed once on a fresh install, and
 * moved once from the older DATA/security/api-tokens.json file into the table.
 */
@Service
public class ApiTokens {
    public static final String ENV = "CAISSON_API_TOKEN";
    public static final String BOOTSTRAP = "bootstrap";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}");
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    /** Ten years: a longer token is one nobody remembers (and some years do not fit the column). */
    public static final int MAX_DAYS = 3650;
    private static final System.Logger LOG = System.getLogger(ApiTokens.class.getName());

    public record Token(long id, String user, String name, TokenScope scope, Instant created, Instant expires, Instant lastUsed) {
    }

    /** A new token: its secret is in no other place, and is shown once. */
    public record Issued(Token token, String secret) {
    }

    /** The entries of the pre-database file DATA/security/api-tokens.json. */
    record FileRecord(String name, String sha256, String owner, String role, Instant created) {
    }

    private final JdbcTemplate jdbc;
    private final UserAccounts users;

    @Autowired
    public ApiTokens(JdbcTemplate jdbc, UserAccounts users, CaissonProperties props,
                     @Value("${caisson.api.token:}") String bootstrapToken) throws IOException {
        this(jdbc, users, props.dataDir().resolve("security").resolve("api-tokens.json"), bootstrapToken);
    }

    ApiTokens(JdbcTemplate jdbc, UserAccounts users, Path legacyFile, String fromEnvironment) throws IOException {
        this.jdbc = jdbc;
        this.users = users;
        boolean migrated = migrate(legacyFile);
        bootstrap(fromEnvironment, migrated);
    }

    /** Why this cannot be a token name, or null when it can (forms show it next to their field). */
    public static String nameProblem(String name) {
        return name != null && NAME.matcher(name).matches() ? null
                : "invalid token name '" + name + "': letters, digits, '_', '.', '@', '-', at most 64";
    }

    /** The expiry of a token made now that lasts this many days; null days: none. */
    public static Instant expiryInDays(Integer days) {
        if (days == null) {
            return null;
        }
        if (days <= 0 || days > MAX_DAYS) {
            throw new InvalidArgumentException("the expiry in days must be between 1 and " + MAX_DAYS + " (none: no expiry)");
        }
        return Instant.now().plus(Duration.ofDays(days));
    }

    public Issued create(long userId, String name, TokenScope scope, Instant expires) {
        if (nameProblem(name) != null) {
            throw new InvalidArgumentException(nameProblem(name));
        }
        if (expires != null && !expires.isAfter(Instant.now())) {
            throw new InvalidArgumentException("the expiry must be in the future");
        }
        String secret = newSecret();
        try {
            insert(userId, name, sha256(secret), scope, expires);
        } catch (DuplicateKeyException e) {
            throw new ConflictException("a token named " + name + " exists already");
        }
        return new Issued(get(userId, name), secret);
    }

    private void insert(long userId, String name, String hash, TokenScope scope, Instant expires) {
        jdbc.update("INSERT INTO api_tokens (user_id, name, sha256, scope, created, expires) VALUES (?, ?, ?, ?, ?, ?)",
                userId, name, hash, scope.name(), Timestamp.from(Instant.now()), expires == null ? null : Timestamp.from(expires));
    }

    private Token get(long userId, String name) {
        return jdbc.query(SELECT + " WHERE t.user_id = ? AND t.name = ?", ApiTokens::token, userId, name).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("no such token: " + name));
    }

    public List<Token> list(long userId) {
        return jdbc.query(SELECT + " WHERE t.user_id = ? ORDER BY t.name", ApiTokens::token, userId);
    }

    public Optional<Token> find(long tokenId) {
        return jdbc.query(SELECT + " WHERE t.id = ?", ApiTokens::token, tokenId).stream().findFirst();
    }

    public List<Token> listAll() {
        return jdbc.query(SELECT + " ORDER BY u.name, t.name", ApiTokens::token);
    }

    /** Revokes a token of this user (admins revoke anyone's through {@link #revokeAny}). */
    public void revoke(long userId, long tokenId) {
        if (jdbc.update("DELETE FROM api_tokens WHERE id = ? AND user_id = ?", tokenId, userId) == 0) {
            throw new NotFoundException("no such token: " + tokenId);
        }
    }

    public void revokeAny(long tokenId) {
        if (jdbc.update("DELETE FROM api_tokens WHERE id = ?", tokenId) == 0) {
            throw new NotFoundException("no such token: " + tokenId);
        }
    }

    /** The principal a valid, unexpired token of an enabled user stands for. */
    public Optional<CaissonPrincipal> authenticate(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        String hash = sha256(secret);
        List<Row> rows = jdbc.query("SELECT t.id, t.user_id, t.name, t.scope, t.expires, t.last_used, t.sha256 FROM api_tokens t "
                + "JOIN users u ON u.id = t.user_id WHERE t.sha256 = ? AND u.enabled", (rs, i) -> new Row(rs.getLong(1),
                rs.getLong(2), rs.getString(3), TokenScope.valueOf(rs.getString(4)), instant(rs.getTimestamp(5)),
                instant(rs.getTimestamp(6)), rs.getString(7)), hash);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row r = rows.get(0);
        // the index found it; compare once more in constant time so that a collation quirk cannot match
        if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII), r.sha256.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        if (r.expires != null && !r.expires.isAfter(now)) {
            return Optional.empty();
        }
        if (r.lastUsed == null || r.lastUsed.plus(LAST_USED_GRANULARITY).isBefore(now)) {
            jdbc.update("UPDATE api_tokens SET last_used = ? WHERE id = ?", Timestamp.from(now), r.id);
        }
        return Optional.of(users.principal(users.get(r.userId), r.scope, r.name, CaissonPrincipal.Via.TOKEN));
    }

    private record Row(long id, long userId, String name, TokenScope scope, Instant expires, Instant lastUsed, String sha256) {
    }

    /** Moves the tokens of the pre-database file into the table, once (the file is renamed after). */
    private boolean migrate(Path file) throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        List<FileRecord> records = JsonMapper.builder().build().readValue(file.toFile(), new TypeReference<List<FileRecord>>() { });
        long admin = users.admin().id();
        for (FileRecord r : records) {
            if (r.sha256() == null || r.sha256().length() != 64) {
                continue;
            }
            Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM api_tokens WHERE sha256 = ?", Integer.class, r.sha256());
            if (known != null && known == 0) {
                jdbc.update("DELETE FROM api_tokens WHERE user_id = ? AND name = ?", admin, r.name());
                insert(admin, r.name() == null ? BOOTSTRAP : r.name(), r.sha256(), TokenScope.FULL, null);
            }
        }
        Files.move(file, file.resolveSibling(file.getFileName() + ".migrated"), StandardCopyOption.REPLACE_EXISTING);
        LOG.log(System.Logger.Level.INFO, "moved " + records.size() + " API token(s) from " + file + " into the database");
        return !records.isEmpty();
    }

    private void bootstrap(String fromEnvironment, boolean migrated) {
        long admin = users.admin().id();
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            String hash = sha256(fromEnvironment.trim());
            Integer same = jdbc.queryForObject("SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND name = ? AND sha256 = ?",
                    Integer.class, admin, BOOTSTRAP, hash);
            if (same != null && same == 0) {
                jdbc.update("DELETE FROM api_tokens WHERE (user_id = ? AND name = ?) OR sha256 = ?", admin, BOOTSTRAP, hash);
                insert(admin, BOOTSTRAP, hash, TokenScope.FULL, null);
                LOG.log(System.Logger.Level.INFO, "Engine API bootstrap token taken from " + ENV);
            }
            return;
        }
        Integer have = jdbc.queryForObject("SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND name = ?", Integer.class,
                admin, BOOTSTRAP);
        if (users.createdAdminNow() && !migrated && have != null && have == 0) {
            String secret = newSecret();
            insert(admin, BOOTSTRAP, sha256(secret), TokenScope.FULL, null);
            // printed once, on purpose to stdout: only its hash is kept
            System.out.println("Caisson API token '" + BOOTSTRAP + "' of admin (shown once; 'Authorization: Bearer <token>' over TCP): "
                    + secret);
        }
    }

    private static final String SELECT = "SELECT t.id, u.name AS user_name, t.name, t.scope, t.created, t.expires, t.last_used "
            + "FROM api_tokens t JOIN users u ON u.id = t.user_id";

    private static Token token(ResultSet rs, int row) throws SQLException {
        return new Token(rs.getLong("id"), rs.getString("user_name"), rs.getString("name"), TokenScope.valueOf(rs.getString("scope")),
                instant(rs.getTimestamp("created")), instant(rs.getTimestamp("expires")), instant(rs.getTimestamp("last_used")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String newSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return "csn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
