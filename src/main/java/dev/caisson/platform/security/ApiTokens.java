package dev.caisson.platform.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import dev.caisson.platform.CaissonProperties;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * API tokens accepted as `Authorization: Bearer ...` on TCP. Only SHA-256 hashes are kept
 * (tokens are 256 random bits, so a slow password hash adds nothing). At first start the
 * bootstrap admin token is taken from CAISSON_API_TOKEN or generated and printed once; the
 * dashboard issue adds named per-user tokens beside it, with roles, scopes and expiry.
 */
@Service
public class ApiTokens {
    public static final String ENV = "CAISSON_API_TOKEN";
    static final String BOOTSTRAP = "bootstrap";
    private static final System.Logger LOG = System.getLogger(ApiTokens.class.getName());

    /** Who a token belongs to and what it may do. */
    public record TokenRecord(String name, String sha256, String owner, String role, Instant created) {
    }

    private final Path file;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile List<TokenRecord> tokens;

    /** The environment variable CAISSON_API_TOKEN binds to caisson.api.token (Spring's relaxed binding). */
    @org.springframework.beans.factory.annotation.Autowired
    public ApiTokens(CaissonProperties props, @Value("${caisson.api.token:}") String bootstrapToken) throws IOException {
        this(props.dataDir().resolve("security").resolve("api-tokens.json"), bootstrapToken);
    }

    ApiTokens(Path file, String fromEnvironment) throws IOException {
        this.file = file;
        this.tokens = Files.exists(file) ? json.readValue(file.toFile(), new TypeReference<List<TokenRecord>>() { })
                : List.of();
        bootstrap(fromEnvironment);
    }

    /** The holder of a valid token, if any. */
    public Optional<TokenRecord> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] given = sha256(token).getBytes(StandardCharsets.US_ASCII);
        TokenRecord found = null;
        for (TokenRecord t : tokens) {   // every entry is compared, in constant time each
            if (MessageDigest.isEqual(given, t.sha256().getBytes(StandardCharsets.US_ASCII))) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }

    private synchronized void bootstrap(String fromEnvironment) throws IOException {
        boolean have = tokens.stream().anyMatch(t -> t.name().equals(BOOTSTRAP));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            String hash = sha256(fromEnvironment.trim());
            if (tokens.stream().noneMatch(t -> t.name().equals(BOOTSTRAP) && t.sha256().equals(hash))) {
                replaceBootstrap(hash);
                LOG.log(System.Logger.Level.INFO, "Engine API bootstrap token taken from " + ENV);
            }
            return;
        }
        if (!have) {
            byte[] b = new byte[32];
            new SecureRandom().nextBytes(b);
            String token = "csn_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
            replaceBootstrap(sha256(token));
            // printed once, on purpose to stdout: only its hash is kept
            System.out.println("Caisson Engine API bootstrap token (shown once; use as 'Authorization: Bearer <token>' over TCP): "
                    + token);
        }
    }

    private void replaceBootstrap(String hash) throws IOException {
        List<TokenRecord> next = new ArrayList<>(tokens.stream().filter(t -> !t.name().equals(BOOTSTRAP)).toList());
        next.add(new TokenRecord(BOOTSTRAP, hash, "admin", "ADMIN", Instant.now()));
        save(next);
        tokens = List.copyOf(next);
    }

    private void save(List<TokenRecord> list) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        json.writeValue(tmp.toFile(), list);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
