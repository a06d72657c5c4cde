package dev.caisson.engine.storage;

import dev.caisson.engine.InvalidArgumentException;

/** Content did not hash to the digest its producer promised: corrupt or forged data. */
public class DigestMismatchException extends InvalidArgumentException {
    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(Digest expected, Digest actual) {
        super("digest mismatch: expected " + expected + ", got " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
