package dev.caisson.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;

class DigestTest {
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void hashesAndPrints() {
        Digest d = Digest.of(new byte[0]);
        assertEquals(EMPTY, d.hex());
        assertEquals("sha256:" + EMPTY, d.toString());
        assertEquals(d, Digest.parse("sha256:" + EMPTY));
    }

    @Test
    void rejectsMalformed() {
        assertThrows(InvalidArgumentException.class, () -> Digest.parse(EMPTY));
        assertThrows(InvalidArgumentException.class, () -> Digest.parse("sha512:" + EMPTY));
        assertThrows(InvalidArgumentException.class, () -> Digest.parse("sha256:" + EMPTY.toUpperCase()));
        assertThrows(InvalidArgumentException.class, () -> Digest.parse("sha256:abc"));
        assertThrows(InvalidArgumentException.class, () -> Digest.parse(null));
    }

    @Test
    void chainIdFollowsDockersRule() {
        Digest a = Digest.of("a");
        Digest b = Digest.of("b");
        assertEquals(a, Layer.chainId(null, a));
        assertEquals(Digest.of(a + " " + b), Layer.chainId(a, b));
        assertEquals(Digest.of(a + " " + b), Layer.chainId(java.util.List.of(a, b)));
    }
}
