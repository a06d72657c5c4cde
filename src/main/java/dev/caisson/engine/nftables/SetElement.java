package dev.caisson.engine.nftables;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An element of an nf_tables set or map: its key, its data (maps only; null in a set) and a
 * comment, which is what {@code nft list} shows and what the engine uses to remember whose
 * element it is. Keys and data are raw register bytes (each field of a concatenation padded
 * to 4 bytes).
 */
public record SetElement(byte[] key, byte[] data, String comment) {
    public static SetElement of(byte[] key) {
        return new SetElement(key, null, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetElement e && Arrays.equals(key, e.key) && Arrays.equals(data, e.data)
                && java.util.Objects.equals(comment, e.comment);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SetElement[" + HexFormat.of().formatHex(key) + (data == null ? "" : " : " + HexFormat.of().formatHex(data))
                + (comment == null ? "" : " \"" + comment + "\"") + "]";
    }
}
