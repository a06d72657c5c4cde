package dev.caisson.engine.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import dev.caisson.engine.SystemException;

/**
 * Installs the shim packaged in the jar (resource /shim/caisson-shim) into the data dir:
 * root-owned, mode 0555 in a 0755 directory, replaced atomically and only when its bytes
 * changed — so a running shim's binary is never rewritten in place, and nobody but root
 * can alter what every container's supervisor executes.
 */
public final class ShimBinary {
    static final String RESOURCE = "/shim/caisson-shim";

    private ShimBinary() {
    }

    public static Path install(Path dataDir) {
        Path dir = dataDir.resolve("bin");
        Path target = dir.resolve("caisson-shim");
        try (InputStream in = ShimBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new SystemException("caisson-shim is missing from the classpath (" + RESOURCE
                        + "): build with Maven, which compiles it from src/main/c/shim");
            }
            byte[] bytes = in.readAllBytes();
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (Files.isRegularFile(target) && Arrays.equals(sha256(Files.readAllBytes(target)), sha256(bytes))) {
                return target;
            }
            Path tmp = Files.createTempFile(dir, ".shim", ".tmp");
            Files.write(tmp, bytes);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r-xr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new SystemException("install caisson-shim into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
