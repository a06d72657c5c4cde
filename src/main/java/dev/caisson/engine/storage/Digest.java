package dev.caisson.engine.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import dev.caisson.engine.InvalidArgumentException;

/** A sha256 content digest in its canonical text form, {@code sha256:<64 lowercase hex>}. */
public record Digest(String hex) implements Comparable<Digest> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    public static final String PREFIX = "sha256:";

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new InvalidArgumentException("invalid sha256 digest hex: " + hex);
        }
    }

    /** Parses {@code sha256:<hex>}; other algorithms are rejected because nothing we store uses them. */
    public static Digest parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new InvalidArgumentException("invalid digest (want sha256:<64 hex>): " + text);
        }
        return new Digest(text.substring(PREFIX.length()));
    }

    public static Digest of(byte[] bytes) {
        MessageDigest md = sha256();
        return fromBytes(md.digest(bytes));
    }

    public static Digest of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    static Digest fromBytes(byte[] sum) {
        return new Digest(HexFormat.of().formatHex(sum));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }
}
