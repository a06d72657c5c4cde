package dev.caisson.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;

class BlobStoreTest {
    @TempDir
    Path root;

    @Test
    void storesByDigest() throws Exception {
        BlobStore blobs = new BlobStore(root);
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        Digest d = blobs.put(new ByteArrayInputStream(data));
        assertEquals(Digest.of(data), d);
        assertTrue(blobs.exists(d));
        assertEquals(root.resolve("sha256").resolve(d.hex()), blobs.path(d));
        assertEquals(5, blobs.size(d));
        assertArrayEquals(data, blobs.read(d));
        assertEquals(d, blobs.put(new ByteArrayInputStream(data), d));
        assertTrue(blobs.delete(d));
        assertFalse(blobs.exists(d));
        assertThrows(NotFoundException.class, () -> blobs.open(d));
    }

    @Test
    void mismatchLeavesNothing() throws Exception {
        BlobStore blobs = new BlobStore(root);
        Digest wrong = Digest.of("other");
        DigestMismatchException e = assertThrows(DigestMismatchException.class,
                () -> blobs.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), wrong));
        assertTrue(e instanceof InvalidArgumentException);
        assertEquals(wrong, e.expected());
        try (Stream<Path> s = Files.list(root.resolve("sha256"))) {
            assertEquals(0, s.count(), "no temp file or blob may remain");
        }
    }
}
