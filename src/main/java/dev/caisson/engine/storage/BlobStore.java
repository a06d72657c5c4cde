package dev.caisson.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;

/**
 * Content-addressed blobs under {@code root/sha256/<hex>}. Every write goes to a temp file in
 * the same directory, is fsynced and verified, and only then renamed to its real name, so a
 * crash or a bad digest never leaves a half-written object that looks valid.
 */
public final class BlobStore {
    private final Path dir;

    public BlobStore(Path root) {
        this.dir = root.resolve("sha256");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SystemException("cannot create blob store " + dir, e);
        }
    }

    public Digest put(InputStream in) {
        return put(in, null);
    }

    /** Stores the stream; when {@code expected} is set and differs, stores nothing and throws. */
    public Digest put(InputStream in, Digest expected) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, ".tmp-", "");
            MessageDigest md = Digest.sha256();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        ch.write(bb);
                    }
                }
                ch.force(true);
            }
            Digest actual = Digest.fromBytes(md.digest());
            if (expected != null && !expected.equals(actual)) {
                throw new DigestMismatchException(expected, actual);
            }
            Path target = path(actual);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new SystemException("blob store needs atomic rename: " + dir, e);
            }
            tmp = null;
            return actual;
        } catch (IOException e) {
            throw new SystemException("cannot store blob: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray .tmp- file is never mistaken for a blob
                }
            }
        }
    }

    public boolean exists(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** Where the blob lives (or would live); callers must not write there. */
    public Path path(Digest digest) {
        return dir.resolve(digest.hex());
    }

    public InputStream open(Digest digest) {
        try {
            return Files.newInputStream(path(digest));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no such blob: " + digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long size(Digest digest) {
        try {
            return Files.size(path(digest));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no such blob: " + digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] read(Digest digest) {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns false when the blob was already gone. */
    public boolean delete(Digest digest) {
        try {
            return Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw new SystemException("cannot delete blob " + digest, e);
        }
    }
}
