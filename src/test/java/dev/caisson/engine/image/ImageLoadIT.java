package dev.caisson.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.storage.Digest;
import dev.caisson.engine.storage.RootCheck;

class ImageLoadIT {
    @TempDir
    Path tmp;

    @BeforeAll
    static void root() {
        RootCheck.requireRoot();
    }

    @Test
    void loadsDockerSaveAndMountsIt() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        List<Image> loaded = s.load(Fixtures.LAYERED_DOCKER);
        assertEquals(1, loaded.size());
        Image img = s.images().get("fixture/layered:1");
        assertEquals(Fixtures.LAYERED_DOCKER_ID, img.id());
        assertEquals(List.of("fixture/layered:1"), img.repoTags());
        assertLayeredConfig(img);
        assertEquals(10, img.history().size());
        assertEquals("Imported from -", img.history().get(0).comment());
        try (OverlayMount m = new OverlayMount(tmp.resolve("mnt"), s.images().lowerDirs(img))) {
            assertEquals(List.of("a", "link"), OverlayMount.ls(m.merged.resolve("data")));
            assertEquals(List.of("y"), OverlayMount.ls(m.merged.resolve("opq")));
            assertEquals("one\n", Files.readString(m.merged.resolve("data/a")));
            assertEquals("/data/a", Files.readSymbolicLink(m.merged.resolve("data/link")).toString());
            assertTrue(Files.isRegularFile(m.merged.resolve("bin/busybox")));
        }
    }

    @Test
    void ociArchiveGivesTheSameImageContent() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        Image docker = s.load(Fixtures.LAYERED_DOCKER).get(0);
        Image oci = s.load(Fixtures.LAYERED_OCI).get(0);
        // the ID is the digest of the config bytes, and skopeo wrote a different (OCI) config
        assertEquals(Fixtures.LAYERED_OCI_ID, oci.id());
        assertEquals(docker.diffIds(), oci.diffIds());
        assertEquals(docker.topChainId(), oci.topChainId());
        assertEquals(3, s.layers().list().size(), "layers are shared, not duplicated");
        assertLayeredConfig(oci);
        assertEquals(List.of("fixture/layered:1"), oci.repoTags(), "the tag moved to the newer load");
        assertEquals(List.of(), s.images().get(Fixtures.LAYERED_DOCKER_ID).repoTags());
        try (OverlayMount m = new OverlayMount(tmp.resolve("mnt"), s.images().lowerDirs(oci))) {
            assertEquals(List.of("a", "link"), OverlayMount.ls(m.merged.resolve("data")));
            assertEquals(List.of("y"), OverlayMount.ls(m.merged.resolve("opq")));
        }
        Fixtures.Stores fresh = Fixtures.stores(tmp.resolve("fresh"));
        assertEquals(Fixtures.LAYERED_OCI_ID, fresh.load(Fixtures.LAYERED_OCI).get(0).id());
    }

    private static void assertLayeredConfig(Image img) {
        ImageConfig c = img.config();
        assertTrue(c.env().contains("FOO=bar"));
        assertTrue(c.env().contains("GREETING=hello world"));
        assertEquals("/data", c.workingDir());
        assertEquals("SIGINT", c.stopSignal());
        assertEquals(Set.of("/data"), c.volumes());
        assertEquals(Set.of("8080/tcp"), c.exposedPorts());
        assertEquals(List.of("cat", "/data/a"), c.cmd());
        assertEquals(Map.of("org.example.fixture", "layered", "org.example.version", "1"), c.labels());
        assertEquals(3, img.diffIds().size());
        assertEquals("amd64", img.architecture());
        assertEquals("linux", img.os());
    }

    @Test
    void busyboxAndLookups() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.BUSYBOX);
        Image bb = s.images().get("bb");
        assertEquals(Fixtures.BUSYBOX_ID, bb.id());
        assertEquals(List.of("bb:latest"), bb.repoTags());
        assertEquals("Imported from -", bb.comment());
        assertEquals(1, bb.diffIds().size());
        assertEquals(bb.diffIds().get(0), bb.topChainId());
        assertTrue(bb.size() > 1_000_000);
        String hex = bb.id().substring(7);
        for (String q : List.of("bb:latest", "docker.io/library/bb", bb.id(), hex, hex.substring(0, 12), hex.substring(0, 1))) {
            assertEquals(bb.id(), s.images().get(q).id(), q);
        }
        assertEquals("No such image: nope:1", assertThrows(dev.caisson.engine.NotFoundException.class,
                () -> s.images().get("nope:1")).getMessage());
        assertTrue(s.images().find("sha256:" + "0".repeat(64)).isEmpty());
        assertThrows(InvalidArgumentException.class, () -> s.images().tag("bb", "Bad Name"));
        assertThrows(dev.caisson.engine.NotFoundException.class, () -> s.images().tag("nope", "x"));
    }

    @Test
    void saveThenLoadRoundTrips() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.LAYERED_DOCKER);
        s.load(Fixtures.BUSYBOX);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.images().save(List.of("fixture/layered:1", "bb"), out);
        Fixtures.Stores fresh = Fixtures.stores(tmp.resolve("fresh"));
        List<Image> back = fresh.images().load(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(List.of(Fixtures.LAYERED_DOCKER_ID, Fixtures.BUSYBOX_ID), back.stream().map(Image::id).toList());
        assertEquals(List.of("fixture/layered:1"), fresh.images().get(Fixtures.LAYERED_DOCKER_ID).repoTags());
        assertEquals(List.of("bb:latest"), fresh.images().get(Fixtures.BUSYBOX_ID).repoTags());
        assertEquals(3, fresh.layers().list().size());
        // the saved layer tars are the original bytes: their digests are the diff IDs
        for (Digest d : back.get(0).diffIds()) {
            assertEquals(d, Digest.of(fresh.blobs().read(d)));
        }
    }

    @Test
    void removingOneImageKeepsSharedLayers() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.BUSYBOX);
        s.load(Fixtures.LAYERED_DOCKER);
        Image bb = s.images().get("bb");
        List<String> report = s.images().remove("fixture/layered:1", false);
        assertEquals("Untagged: fixture/layered:1", report.get(0));
        assertEquals("Deleted: " + Fixtures.LAYERED_DOCKER_ID, report.get(1));
        assertEquals(4, report.size(), "two private layers deleted, the shared base kept: " + report);
        assertEquals(List.of(bb.topChainId()), s.layers().list().stream().map(l -> l.chainId()).toList());
        assertTrue(Files.isDirectory(s.images().lowerDirs(bb).get(0).resolve("bin")));
        assertTrue(s.images().find("fixture/layered:1").isEmpty());
        assertFalse(s.blobs().exists(Digest.parse(Fixtures.LAYERED_DOCKER_ID)));
    }

    @Test
    void removeByIdWithSeveralTagsNeedsForce() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.BUSYBOX);
        s.images().tag("bb", "other/bb:2");
        assertEquals(List.of("bb:latest", "other/bb:2"), s.images().get("bb").repoTags());
        var e = assertThrows(dev.caisson.engine.ConflictException.class, () -> s.images().remove("84bb18b14f3c", false));
        assertEquals("conflict: unable to delete 84bb18b14f3c (must be forced) - image is referenced in multiple repositories",
                e.getMessage());
        assertEquals(List.of("Untagged: other/bb:2"), s.images().remove("other/bb:2", false));
        s.images().tag("bb", "dangling-test");
        assertEquals(List.of("Untagged: dangling-test:latest"), s.images().untag("dangling-test"));
        assertThrows(dev.caisson.engine.NotFoundException.class, () -> s.images().untag("dangling-test"));
        s.images().tag("bb", "third");
        List<String> report = s.images().remove(Fixtures.BUSYBOX_ID, true);
        assertTrue(report.containsAll(List.of("Untagged: bb:latest", "Untagged: third:latest", "Deleted: " + Fixtures.BUSYBOX_ID)));
        assertEquals(0, s.layers().list().size());
        assertEquals(0, s.blobCount());
        assertEquals(0, s.images().list().size());
    }

    @Test
    void layerDigestMismatchLeavesNothingBehind() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        byte[] bad = Fixtures.rewrite(Fixtures.LAYERED_DOCKER, (name, data) ->
                name.startsWith("6882335b") && name.endsWith("layer.tar")
                        ? new dev.caisson.engine.storage.TarBuilder().file("evil", "x", 0644).bytes() : null);
        var e = assertThrows(InvalidArgumentException.class, () -> s.images().load(new ByteArrayInputStream(bad)));
        assertTrue(e.getMessage().contains("layer 3 does not match its diff ID"), e.getMessage());
        assertEquals(0, s.layers().list().size());
        assertEquals(0, s.blobCount());
        assertEquals(0, s.images().list().size());
        try (var l = Files.list(tmp.resolve("store/layers"))) {
            assertEquals(0, l.count(), "no temp dirs left");
        }
    }

    @Test
    void ociBlobDigestMismatchIsRejected() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.BUSYBOX);
        long blobs = s.blobCount();
        byte[] bad = Fixtures.rewrite(Fixtures.LAYERED_OCI, (name, data) -> {
            if (name.endsWith("c96b114a206deaed2a326b430cd06ec13321302e7309ab92efb42171f289e828")) {
                byte[] copy = data.clone();
                copy[copy.length - 1] ^= 1;
                return copy;
            }
            return null;
        });
        assertThrows(dev.caisson.engine.storage.DigestMismatchException.class, () -> s.images().load(new ByteArrayInputStream(bad)));
        assertEquals(1, s.layers().list().size(), "the pre-existing layer stays, nothing new");
        assertEquals(blobs, s.blobCount());
        assertEquals(List.of(Fixtures.BUSYBOX_ID), s.images().list().stream().map(Image::id).toList());
    }

    @Test
    void rejectsNonArchives() {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        byte[] tar = new dev.caisson.engine.storage.TarBuilder().file("hello", "x", 0644).bytes();
        assertThrows(InvalidArgumentException.class, () -> s.images().load(new ByteArrayInputStream(tar)));
        assertNull(s.images().find("x").orElse(null));
    }
}
