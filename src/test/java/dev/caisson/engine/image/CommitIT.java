package dev.caisson.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.storage.Change;
import dev.caisson.engine.storage.FilesystemChanges;
import dev.caisson.engine.storage.RootCheck;
import dev.caisson.engine.storage.TarBuilder;

class CommitIT {
    @TempDir
    Path tmp;

    @BeforeAll
    static void root() {
        RootCheck.requireRoot();
    }

    @Test
    void changesAndCommitOfAContainer() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.LAYERED_DOCKER);
        Image base = s.images().get("fixture/layered:1");
        Path upper;
        try (OverlayMount m = new OverlayMount(tmp.resolve("c1"), s.images().lowerDirs(base))) {
            Files.writeString(m.merged.resolve("data/new"), "new\n");
            Files.delete(m.merged.resolve("data/a"));
            Files.writeString(m.merged.resolve("opq/y"), "changed\n");
            upper = m.upper;
        }
        List<String> changes = FilesystemChanges.changes(upper, s.images().lowerDirs(base)).stream().map(Change::toString).toList();
        assertEquals(List.of("C /data", "D /data/a", "A /data/new", "C /opq", "C /opq/y"), changes);

        ImageConfig cfg = new ImageConfig(null, base.config().env(), List.of("cat", "/data/new"), null, "/data", null, null,
                null, null, null);
        Image committed = s.images().commit(base, upper, cfg, "my change", "me", "fixture/committed");
        assertEquals(List.of("fixture/committed:latest"), committed.repoTags());
        assertEquals(4, committed.diffIds().size());
        assertEquals(base.diffIds(), committed.diffIds().subList(0, 3));
        assertEquals(base.id(), committed.parent());
        assertEquals(11, committed.history().size());
        assertEquals("my change", committed.history().get(10).comment());
        assertEquals("me", committed.author());
        assertEquals(List.of("cat", "/data/new"), committed.config().cmd());
        assertEquals(4, s.images().lowerDirs(committed).size());

        try (OverlayMount m = new OverlayMount(tmp.resolve("c2"), s.images().lowerDirs(committed))) {
            assertEquals(List.of("link", "new"), OverlayMount.ls(m.merged.resolve("data")));
            assertEquals("new\n", Files.readString(m.merged.resolve("data/new")));
            assertEquals(List.of("y"), OverlayMount.ls(m.merged.resolve("opq")));
            assertEquals("changed\n", Files.readString(m.merged.resolve("opq/y")));
        }
        // the parent cannot go while a committed child builds on it
        assertThrows(dev.caisson.engine.ConflictException.class, () -> s.images().remove(base.id(), true));
        s.images().remove("fixture/committed", false);
        assertEquals(3, s.layers().list().size());
    }

    private static <T extends Throwable> void assertThrows(Class<T> type, org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(type, e);
    }

    @Test
    void importRootfsMakesADockerStyleImage() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        byte[] rootfs = TarBuilder.gzip(new TarBuilder().dir("etc", 0755).file("etc/hostname", "box\n", 0644).bytes());
        Image img = s.images().importRootfs(new ByteArrayInputStream(rootfs), "imported:v1", ImageConfig.EMPTY, null);
        assertEquals(List.of("imported:v1"), img.repoTags());
        assertEquals("amd64", img.architecture());
        assertEquals("linux", img.os());
        assertEquals(1, img.history().size());
        assertEquals("Imported from -", img.history().get(0).comment());
        assertEquals(null, img.history().get(0).createdBy());
        assertEquals(1, img.diffIds().size());
        assertTrue(img.created() != null);
        Path diff = s.images().lowerDirs(img).get(0);
        assertEquals("box\n", Files.readString(diff.resolve("etc/hostname")));
        assertEquals(img.id(), dev.caisson.engine.storage.Digest.of(s.blobs().read(dev.caisson.engine.storage.Digest.parse(img.id()))).toString());
    }
}
