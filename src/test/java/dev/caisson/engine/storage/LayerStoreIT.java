package dev.caisson.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerStoreIT {
    @TempDir
    Path root;

    @BeforeAll
    static void requireRoot() {
        RootCheck.requireRoot();
    }

    @Test
    void registersChainsAndDeletes() throws Exception {
        BlobStore blobs = new BlobStore(root.resolve("blobs"));
        LayerStore store = new LayerStore(root.resolve("layers"), blobs);
        byte[] base = new TarBuilder().dir("etc", 0755).file("etc/a", "a", 0644).bytes();
        byte[] top = new TarBuilder().dir("etc", 0555).file("etc/.wh.a", "", 0).file("etc/b", "bb", 0444).bytes();

        Layer l0 = store.register(null, new ByteArrayInputStream(TarBuilder.gzip(base)));
        assertEquals(Digest.of(base), l0.diffId(), "the diff ID is the digest of the uncompressed tar");
        assertEquals(l0.diffId(), l0.chainId());
        assertNull(l0.parent());
        assertEquals(1, l0.size());
        Layer l1 = store.register(l0.chainId(), new ByteArrayInputStream(top));
        assertEquals(Digest.of(l0.chainId() + " " + Digest.of(top)), l1.chainId());
        assertEquals(l1, store.get(l1.chainId()).orElseThrow());
        assertEquals(l1, store.register(l0.chainId(), new ByteArrayInputStream(top)), "re-registering reuses");
        assertEquals(2, store.list().size());
        assertEquals(List.of(store.diffDir(l1.chainId()), store.diffDir(l0.chainId())), store.lowerDirs(l1.chainId()));
        assertTrue(Files.isRegularFile(store.diffDir(l0.chainId()).resolve("etc/a")));
        try (var in = store.openTar(l1.chainId())) {
            assertEquals(Digest.of(top), Digest.of(in.readAllBytes()));
        }

        store.delete(l1.chainId()); // holds a whiteout device and a read-only dir
        assertTrue(store.get(l1.chainId()).isEmpty());
        assertFalse(blobs.exists(Digest.of(top)));
        store.delete(l0.chainId());
        assertEquals(0, store.list().size());
        try (var s = Files.list(root.resolve("layers"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void mismatchKeepsNothing() throws Exception {
        BlobStore blobs = new BlobStore(root.resolve("blobs"));
        LayerStore store = new LayerStore(root.resolve("layers"), blobs);
        byte[] tar = new TarBuilder().file("x", "x", 0644).bytes();
        assertThrows(DigestMismatchException.class,
                () -> store.register(null, new ByteArrayInputStream(tar), Digest.of("something else")));
        assertEquals(0, store.list().size());
        try (var s = Files.list(root.resolve("blobs/sha256"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void hostileLayerLeavesNoTempDir() throws Exception {
        BlobStore blobs = new BlobStore(root.resolve("blobs"));
        LayerStore store = new LayerStore(root.resolve("layers"), blobs);
        byte[] tar = new TarBuilder().file("../x", "x", 0644).bytes();
        assertThrows(dev.caisson.engine.InvalidArgumentException.class, () -> store.register(null, new ByteArrayInputStream(tar)));
        try (var s = Files.list(root.resolve("layers"))) {
            assertEquals(0, s.count());
        }
        try (var s = Files.list(root.resolve("blobs/sha256"))) {
            assertEquals(0, s.count());
        }
    }
}
