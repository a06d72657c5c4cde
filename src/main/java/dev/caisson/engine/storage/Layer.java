package dev.caisson.engine.storage;

/**
 * One registered layer. {@code parent} is the chain ID of the layer below, null for a base
 * layer; {@code size} is the uncompressed content size.
 */
public record Layer(Digest chainId, Digest diffId, Digest parent, long size) {
    /** Docker's rule: chainID(L0) = diffID(L0), chainID(Ln) = sha256(chainID(Ln-1) + " " + diffID(Ln)). */
    public static Digest chainId(Digest parentChainId, Digest diffId) {
        return parentChainId == null ? diffId : Digest.of(parentChainId + " " + diffId);
    }

    public static Digest chainId(java.util.List<Digest> diffIds) {
        Digest chain = null;
        for (Digest d : diffIds) {
            chain = chainId(chain, d);
        }
        return chain;
    }
}
