package dev.caisson.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;

/**
 * Extracted layers keyed by chain ID: {@code root/<chainhex>/diff} is an overlay lowerdir and
 * beside it sit one-line files {@code diff-id}, {@code parent} and {@code size}. The exact
 * uncompressed tar is kept in the blob store under its diff ID so saves are byte-identical.
 */
public final class LayerStore {
    private static final String DIFF = "diff";
    private final Path root;
    private final BlobStore blobs;

    public LayerStore(Path root, BlobStore blobs) {
        this.root = root;
        this.blobs = blobs;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new SystemException("cannot create layer store " + root, e);
        }
    }

    public Layer register(Digest parentChainId, InputStream tarPlainOrGzip) {
        return register(parentChainId, tarPlainOrGzip, null);
    }

    /**
     * Registers a layer on top of {@code parentChainId} (null for a base layer). When
     * {@code expectedDiffId} is given and the uncompressed content differs, nothing is kept
     * and a {@link DigestMismatchException} is thrown.
     */
    public synchronized Layer register(Digest parentChainId, InputStream tarPlainOrGzip, Digest expectedDiffId) {
        if (parentChainId != null && get(parentChainId).isEmpty()) {
            throw new NotFoundException("no such parent layer: " + parentChainId);
        }
        Digest diffId;
        boolean blobWasThere = expectedDiffId != null && blobs.exists(expectedDiffId);
        try {
            // the stored blob is the uncompressed tar, so its digest is the diff ID
            diffId = blobs.put(Compression.decompressed(tarPlainOrGzip), expectedDiffId);
        } catch (IOException e) {
            throw new SystemException("cannot read layer: " + e.getMessage(), e);
        }
        Digest chainId = Layer.chainId(parentChainId, diffId);
        Optional<Layer> existing = get(chainId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory(root, ".tmp-");
            Path diff = tmp.resolve(DIFF);
            Files.createDirectory(diff);
            long size;
            try (InputStream in = blobs.open(diffId)) {
                size = LayerExtractor.extract(in, diff);
            }
            write(tmp, "diff-id", diffId.toString());
            write(tmp, "parent", parentChainId == null ? "" : parentChainId.toString());
            write(tmp, "size", Long.toString(size));
            Files.move(tmp, dir(chainId), StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return new Layer(chainId, diffId, parentChainId, size);
        } catch (IOException e) {
            throw new SystemException("cannot register layer " + chainId + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (!blobWasThere && !diffIdInUse(diffId)) {
                blobs.delete(diffId);
            }
            throw e;
        } finally {
            if (tmp != null) {
                deleteQuietly(tmp);
            }
        }
    }

    public synchronized Optional<Layer> get(Digest chainId) {
        Path d = dir(chainId);
        if (!Files.isDirectory(d.resolve(DIFF))) {
            return Optional.empty();
        }
        try {
            String parent = read(d, "parent");
            return Optional.of(new Layer(chainId, Digest.parse(read(d, "diff-id")),
                    parent.isEmpty() ? null : Digest.parse(parent), Long.parseLong(read(d, "size"))));
        } catch (IOException e) {
            throw new SystemException("corrupt layer metadata " + d, e);
        }
    }

    public Path diffDir(Digest chainId) {
        get(chainId).orElseThrow(() -> new NotFoundException("no such layer: " + chainId));
        return dir(chainId).resolve(DIFF);
    }

    /** The diff dirs from {@code topChainId} down to the base, top-most first, as overlay's lowerdir wants. */
    public synchronized List<Path> lowerDirs(Digest topChainId) {
        List<Path> out = new ArrayList<>();
        for (Digest c = topChainId; c != null; ) {
            Layer l = get(c).orElseThrow(() -> new NotFoundException("no such layer: " + topChainId));
            out.add(dir(c).resolve(DIFF));
            c = l.parent();
        }
        return out;
    }

    /** The uncompressed tar of a layer, exactly as it was registered. */
    public InputStream openTar(Digest chainId) {
        Layer l = get(chainId).orElseThrow(() -> new NotFoundException("no such layer: " + chainId));
        return blobs.open(l.diffId());
    }

    /** Removes a layer (and its tar when no other layer shares the diff ID); callers do the refcounting. */
    public synchronized void delete(Digest chainId) {
        Layer l = get(chainId).orElseThrow(() -> new NotFoundException("no such layer: " + chainId));
        try {
            // rename first so a half-deleted layer is never seen under its real name
            Path doomed = root.resolve(".del-" + chainId.hex());
            Files.move(dir(chainId), doomed, StandardCopyOption.ATOMIC_MOVE);
            FileTrees.deleteTree(doomed);
        } catch (IOException e) {
            throw new SystemException("cannot delete layer " + chainId + ": " + e.getMessage(), e);
        }
        if (!diffIdInUse(l.diffId())) {
            blobs.delete(l.diffId());
        }
    }

    public synchronized List<Layer> list() {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9a-f]{64}"))
                    .map(n -> get(new Digest(n)))
                    .flatMap(Optional::stream)
                    .sorted(Comparator.comparing(Layer::chainId))
                    .toList();
        } catch (IOException e) {
            throw new SystemException("cannot list layers in " + root, e);
        }
    }

    private boolean diffIdInUse(Digest diffId) {
        return list().stream().anyMatch(l -> l.diffId().equals(diffId));
    }

    private Path dir(Digest chainId) {
        return root.resolve(chainId.hex());
    }

    private static void write(Path dir, String name, String value) throws IOException {
        Files.writeString(dir.resolve(name), value, StandardCharsets.UTF_8);
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8).trim();
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTrees.deleteTree(p);
        } catch (IOException ignored) {
            // a leftover .tmp- dir is never read as a layer
        }
    }
}
