package dev.caisson.engine.storage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Layers arrive plain or gzip-compressed, with no reliable label: sniff the gzip magic. */
public final class Compression {
    private Compression() {
    }

    /** The uncompressed view of {@code in}, whether it is gzip or already a plain tar. */
    public static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return GzipCompressorInputStream.builder().setInputStream(buffered).setDecompressConcatenated(true).get();
        }
        return buffered;
    }
}
