package dev.caisson.engine.storage;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Tars arrive plain or compressed (gzip for layers; gzip, bzip2 or xz for docker cp), with no
 * reliable label: sniff the magic bytes, as Docker does.
 */
public final class Compression {
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};

    private Compression() {
    }

    /** The uncompressed view of {@code in}, whether it is compressed or already a plain tar. */
    public static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(XZ_MAGIC.length);
        byte[] head = buffered.readNBytes(XZ_MAGIC.length);
        buffered.reset();
        if (head.length >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
            return GzipCompressorInputStream.builder().setInputStream(buffered).setDecompressConcatenated(true).get();
        }
        if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return new BZip2CompressorInputStream(buffered, true);
        }
        if (java.util.Arrays.equals(head, XZ_MAGIC)) {
            return new XZCompressorInputStream(buffered, true);
        }
        return buffered;
    }
}
