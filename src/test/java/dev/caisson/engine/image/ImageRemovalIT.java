package dev.caisson.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.storage.RootCheck;

/** Docker's rmi and prune rules over a real store: tags, child images, containers, parent pruning. */
class ImageRemovalIT {
    private static final String RUNNING = "a".repeat(64);
    private static final String STOPPED = "b".repeat(64);

    @TempDir
    Path tmp;

    @BeforeAll
    static void root() {
        RootCheck.requireRoot();
    }

    @Test
    void containersProtectTheirImages() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.BUSYBOX);
        s.load(Fixtures.LAYERED_DOCKER);
        ImageStore images = s.images();
        List<ImageUser> users = List.of(new ImageUser(RUNNING, Fixtures.BUSYBOX_ID, true),
                new ImageUser(STOPPED, Fixtures.LAYERED_DOCKER_ID, false));

        assertThatThrownBy(() -> images.remove("bb", false, false, users)).isInstanceOf(ConflictException.class)
                .hasMessage("conflict: unable to remove repository reference \"bb:latest\" (must force) - container aaaaaaaaaaaa"
                        + " is using its referenced image 84bb18b14f3c");
        assertThatThrownBy(() -> images.remove(Fixtures.BUSYBOX_ID, true, false, users))
                .hasMessage("conflict: unable to delete 84bb18b14f3c (cannot be forced) - image is being used by running"
                        + " container aaaaaaaaaaaa");
        assertThatThrownBy(() -> images.remove("332ff7610e0f", false, false, users))
                .hasMessage("conflict: unable to delete 332ff7610e0f (must be forced) - image is being used by stopped"
                        + " container bbbbbbbbbbbb");
        // a second tag can always go; forcing the last one away untags but keeps what a container needs
        images.tag("bb", "bb:2");
        assertThat(images.remove("bb:2", false, false, users)).extracting(ImageDeletion::toString)
                .containsExactly("Untagged: bb:2");
        assertThat(images.remove("bb", true, false, users)).extracting(ImageDeletion::toString)
                .containsExactly("Untagged: bb:latest");
        assertThat(images.remove(Fixtures.LAYERED_DOCKER_ID, true, false, users)).extracting(ImageDeletion::toString)
                .containsExactly("Untagged: fixture/layered:1");
        assertThat(images.list()).hasSize(2);
        // nothing uses them any more: a prune of dangling images frees both and all their layers
        ImagePrune p = images.prune(true, i -> true, List.of());
        assertThat(p.deleted()).extracting(ImageDeletion::kind).containsOnly(ImageDeletion.Kind.DELETED,
                ImageDeletion.Kind.LAYER_DELETED);
        assertThat(p.spaceReclaimed()).isEqualTo(1985496);
        assertThat(images.list()).isEmpty();
        assertThat(s.layers().list()).isEmpty();
        assertThat(s.blobCount()).isZero();
    }

    @Test
    void removingACommittedImagePrunesItsUntaggedParent() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.BUSYBOX);
        ImageStore images = s.images();
        Image base = images.get("bb");
        Image child = images.commit(base, upper("note", "hi\n"), null, "c", null, "child:1",
                new CommitSource("c".repeat(64), "sh -c echo", base.config()));
        assertThat(child.parent()).isEqualTo(base.id());
        assertThat(images.children(base.id())).containsExactly(child.id());
        assertThatThrownBy(() -> images.remove(base.id(), true, false, List.of()))
                .hasMessage("conflict: unable to delete 84bb18b14f3c (cannot be forced) - image has dependent child images");
        // untagging the parent keeps it (a child needs it); removing the child takes the parent along
        assertThat(images.remove("bb", false, false, List.of())).extracting(ImageDeletion::toString)
                .containsExactly("Untagged: bb:latest");
        List<ImageDeletion> report = images.remove("child:1", false, false, List.of());
        assertThat(report).extracting(ImageDeletion::toString).containsExactly("Untagged: child:1", "Deleted: " + child.id(),
                "Deleted: " + child.topChainId(), "Deleted: " + base.id(), "Deleted: " + base.topChainId());
        assertThat(images.list()).isEmpty();
    }

    @Test
    void noprunKeepsTheParentAndPruneAllTakesTaggedImages() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.BUSYBOX);
        ImageStore images = s.images();
        Image base = images.get("bb");
        Image child = images.commit(base, upper("f", "x"), null, null, null, "child:1");
        images.untag("bb");
        assertThat(images.remove("child:1", false, true, List.of())).extracting(ImageDeletion::kind)
                .containsExactly(ImageDeletion.Kind.UNTAGGED, ImageDeletion.Kind.DELETED, ImageDeletion.Kind.LAYER_DELETED);
        assertThat(images.find(base.id())).isPresent();
        assertThat(images.find(child.id())).isEmpty();
        images.tag(base.id(), "bb:kept");
        assertThat(images.prune(true, i -> true, List.of()).deleted()).isEmpty(); // tagged: not dangling
        assertThat(images.prune(false, i -> !i.repoTags().contains("bb:kept"), List.of()).deleted()).isEmpty();
        assertThat(images.prune(false, i -> true, List.of(new ImageUser(STOPPED, base.id(), false))).deleted()).isEmpty();
        assertThat(images.prune(false, i -> true, List.of()).deleted()).extracting(ImageDeletion::toString)
                .startsWith("Untagged: bb:kept", "Deleted: " + base.id());
    }

    @Test
    void anUnchangedContainerCommitsNoLayerAndSavedCommitsLoadElsewhere() throws Exception {
        Fixtures.Stores s = Fixtures.stores(tmp.resolve("store"));
        s.load(Fixtures.BUSYBOX);
        ImageStore images = s.images();
        Image base = images.get("bb");
        Path empty = Files.createDirectories(tmp.resolve("empty-upper"));
        Image same = images.commit(base, empty, null, null, null, "same:1");
        assertThat(same.diffIds()).isEqualTo(base.diffIds());
        assertThat(same.history().get(same.history().size() - 1).emptyLayer()).isTrue();
        assertThat(images.details("same:1").lastTagTime()).isNotNull();
        assertThat(images.details("bb").lastTagTime()).as("a load sets no tag time").isNull();
        Image changed = images.commit(base, upper("note", "hi\n"), null, "msg", "me", "changed:1");
        Image imported = images.importRootfs(new ByteArrayInputStream(Files.readAllBytes(tarOf(upper("x", "y")))),
                "imp:1", ConfigChanges.apply(null, List.of("CMD [\"/x\"]")), null);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        images.save(List.of("same:1", "changed:1", "imp:1", "changed:1"), out);
        Fixtures.Stores fresh = Fixtures.stores(tmp.resolve("fresh"));
        List<Image> back = fresh.images().load(new ByteArrayInputStream(out.toByteArray()));
        assertThat(back).extracting(Image::id).containsExactly(same.id(), changed.id(), imported.id());
        assertThat(fresh.images().get("changed:1").diffIds()).isEqualTo(changed.diffIds());
        assertThat(fresh.images().get("imp:1").config().cmd()).containsExactly("/x");
        assertThat(Files.readString(fresh.images().lowerDirs(fresh.images().get("changed:1")).get(0).resolve("note")))
                .isEqualTo("hi\n");
    }

    private Path upper(String file, String content) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "upper");
        Files.writeString(dir.resolve(file), content);
        return dir;
    }

    private Path tarOf(Path dir) throws Exception {
        Path tar = Files.createTempFile(tmp, "rootfs", ".tar");
        try (var o = Files.newOutputStream(tar)) {
            dev.caisson.engine.storage.FilesystemChanges.writeTreeTar(dir, o);
        }
        return tar;
    }
}
