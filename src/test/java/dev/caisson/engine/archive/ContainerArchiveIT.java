package dev.caisson.engine.archive;

import static dev.caisson.engine.archive.ArchiveHarness.busybox;
import static dev.caisson.engine.archive.ArchiveHarness.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.SystemException;
import dev.caisson.engine.runtime.MountSpec;
import dev.caisson.engine.storage.TarBuilder;

/** docker cp at the engine level: stat, archive and extract on running, stopped and created containers. */
class ContainerArchiveIT {
    private static final String TREE = "mkdir -p /d/sub && echo hi > /d/f && echo x > /d/sub/g && ln -s / /d/root"
            + " && ln -s ../../.. /d/up && ln -s sub /d/rel && chown 1234:5678 /d/f && touch -d '2001-02-03 04:05:06' /d/f";
    private static ArchiveHarness h;

    @BeforeAll
    static void open() throws IOException {
        h = new ArchiveHarness();
    }

    @AfterAll
    static void close() throws IOException {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void statNamesTheLastElementAndResolvesLinksInTheContainer() {
        String id = h.running(TREE);
        PathStat d = h.archive.stat(id, "/d");
        assertThat(d.name()).isEqualTo("d");
        assertThat(d.mode() & 0170000).isEqualTo(0040000);
        assertThat(d.linkTarget()).isEmpty();
        PathStat f = h.archive.stat(id, "d/sub/../f");
        assertThat(f.name()).isEqualTo("f");
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.mtime()).isEqualTo(Instant.parse("2001-02-03T04:05:06Z"));
        assertThat(h.archive.stat(id, "/d/up").linkTarget()).isEqualTo("/");
        assertThat(h.archive.stat(id, "/d/rel").linkTarget()).isEqualTo("/d/sub");
        assertThat(h.archive.stat(id, "/d/rel").mode() & 0170000).isEqualTo(0120000);
        PathStat followed = h.archive.stat(id, "/d/rel/");
        assertThat(followed.name()).isEqualTo("rel");
        assertThat(followed.mode() & 0170000).isEqualTo(0040000);
        assertThat(h.archive.stat(id, "/").name()).isEqualTo("/");
        assertThatThrownBy(() -> h.archive.stat(id, "/nonexist")).isInstanceOf(NotFoundException.class)
                .hasMessage("Could not find the file /nonexist in container " + id);
        assertThatThrownBy(() -> h.archive.stat(id, "/d/nonexist/y")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> h.archive.stat(id, "/d/f/x")).isInstanceOf(SystemException.class)
                .hasMessage("lstat /d/f/x: not a directory");
    }

    @Test
    void archivesWithDockersNamesOwnersModesAndLinks() throws IOException {
        String id = h.running(TREE);
        ArchiveHarness.Tar t = read(h.get(id, "/d"));
        assertThat(t.names()).containsExactly("d/", "d/f", "d/rel", "d/root", "d/sub/", "d/sub/g", "d/up");
        TarArchiveEntry f = t.entries().get("d/f");
        assertThat(f.getLongUserId()).isEqualTo(1234);
        assertThat(f.getLongGroupId()).isEqualTo(5678);
        assertThat(f.getMode()).isEqualTo(0100644);
        assertThat(f.getLastModifiedTime().toInstant()).isEqualTo(Instant.parse("2001-02-03T04:05:06Z"));
        assertThat(t.contents().get("d/f")).isEqualTo("hi\n");
        assertThat(t.entries().get("d/up").isSymbolicLink()).isTrue();
        assertThat(t.entries().get("d/up").getLinkName()).isEqualTo("../../..");
        assertThat(t.entries().get("d/root").getLinkName()).isEqualTo("/");
        assertThat(t.entries().get("d/").getMode()).isEqualTo(0040755);

        assertThat(read(h.get(id, "/d/.")).names()).startsWith("./", "./f");
        assertThat(read(h.get(id, "/d/f")).names()).containsExactly("f");
        assertThat(read(h.get(id, "/d/rel")).entries().get("rel").getLinkName()).isEqualTo("sub");
        assertThat(read(h.get(id, "/d/rel/")).names()).containsExactly("rel/", "rel/g");
    }

    @Test
    void hardLinksAreArchivedOnceAndPseudoFilesystemsNotWalked() throws IOException {
        String id = h.running("mkdir /h && echo one > /h/a && ln /h/a /h/b");
        ArchiveHarness.Tar t = read(h.get(id, "/h"));
        assertThat(t.entries().get("h/b").isLink()).isTrue();
        assertThat(t.entries().get("h/b").getLinkName()).isEqualTo("h/a");
        ArchiveHarness.Tar proc = read(h.get(id, "/proc"));
        assertThat(proc.names()).containsExactly("proc/");
    }

    @Test
    void extractsIntoARunningContainerWithTheTarsOwnersOrTheContainerUser() throws IOException {
        String id = h.sleeping(busybox().user("1234:5678"));
        h.put(id, "/etc", new TarBuilder().dir("x", 0750).file("x/f", "data", 04755, e -> e.setIds(42, 43)).bytes());
        ArchiveHarness.Tar t = read(h.get(id, "/etc/x"));
        assertThat(t.contents().get("x/f")).isEqualTo("data");
        assertThat(t.entries().get("x/f").getMode()).isEqualTo(0104755);
        assertThat(t.entries().get("x/f").getLongUserId()).isEqualTo(42);
        assertThat(t.entries().get("x/").getMode()).isEqualTo(0040750);
        assertThat(t.entries().get("x/f").getLastModifiedTime().toMillis()).isEqualTo(1_600_000_000_000L);
        // it is in the container's upper dir, where a running container's writes go
        assertThat(Files.readString(h.rt().upperDir(id).resolve("etc/x/f"))).isEqualTo("data");

        h.archive.copyIn(id, "/etc", new ByteArrayInputStream(new TarBuilder().file("y", "u", 0644, e -> e.setIds(42, 43)).bytes()),
                false, true);
        TarArchiveEntry y = read(h.get(id, "/etc/y")).entries().get("y");
        assertThat(y.getLongUserId()).isEqualTo(1234);
        assertThat(y.getLongGroupId()).isEqualTo(5678);
    }

    @Test
    void missingParentsAreMadeAndCompressedTarsAccepted() throws IOException {
        String id = h.running("mkdir /d");
        h.put(id, "/d", TarBuilder.gzip(new TarBuilder().file("a/b/c", "deep", 0600).bytes()));
        ArchiveHarness.Tar t = read(h.get(id, "/d/a"));
        assertThat(t.contents().get("a/b/c")).isEqualTo("deep");
        assertThat(t.entries().get("a/").getMode()).isEqualTo(0040755);
    }

    @Test
    void overwriteRulesAndTargetErrorsAreDockers() throws IOException {
        String id = h.running("mkdir -p /d/sub && echo f > /d/f");
        byte[] fileOverDir = new TarBuilder().file("sub", "now a file", 0644).bytes();
        assertThatThrownBy(() -> h.archive.copyIn(id, "/d", new ByteArrayInputStream(fileOverDir), true, false))
                .isInstanceOf(SystemException.class)
                .hasMessage("Error processing tar file(exit status 1): cannot overwrite directory \"/d/sub\" with non-directory \"/d\"");
        byte[] dirOverFile = new TarBuilder().dir("f", 0755).bytes();
        assertThatThrownBy(() -> h.archive.copyIn(id, "/d", new ByteArrayInputStream(dirOverFile), true, false))
                .hasMessage("Error processing tar file(exit status 1): cannot overwrite non-directory \"/d/f\" with directory \"/d\"");
        h.put(id, "/d", fileOverDir);
        assertThat(read(h.get(id, "/d/sub")).contents().get("sub")).isEqualTo("now a file");

        assertThatThrownBy(() -> h.put(id, "/nonexist", fileOverDir)).isInstanceOf(NotFoundException.class)
                .hasMessage("Could not find the file /nonexist in container " + id);
        assertThatThrownBy(() -> h.put(id, "/d/f", fileOverDir)).isInstanceOf(SystemException.class)
                .hasMessage("extraction point is not a directory");
    }

    @Test
    void stoppedAndCreatedContainersAreMountedPrivatelyForTheCopy() throws IOException {
        String stopped = h.stopped("mkdir -p /d && echo data > /d/f && cat /d/new 2>/dev/null; true");
        Path dir = h.rt().upperDir(stopped).getParent();
        assertThat(read(h.get(stopped, "/d/f")).contents().get("f")).isEqualTo("data\n");
        assertThat(read(h.get(stopped, "/bin/sh")).entries().get("sh").isSymbolicLink()).isTrue();   // from the image layer
        h.put(stopped, "/d", new TarBuilder().file("new", "copied in\n", 0644).bytes());
        assertThat(Files.readString(h.rt().upperDir(stopped).resolve("d/new"))).isEqualTo("copied in\n");
        assertThat(ArchiveHarness.hostMountsOf(dir)).isEmpty();
        // the next start mounts the same upper dir and sees the file
        h.rt().start(stopped);
        h.rt().waitFor(stopped, 30, java.util.concurrent.TimeUnit.SECONDS);
        StringBuilder logs = new StringBuilder();
        try {
            h.rt().logs(stopped, dev.caisson.engine.runtime.LogOptions.all(), e -> logs.append(e.log()) != null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(logs.toString()).isEqualTo("copied in\n");

        String created = h.rt().create(busybox().cmd("true").build()).id();
        assertThatThrownBy(() -> h.get(created, "/d")).isInstanceOf(NotFoundException.class);
        h.put(created, "/etc", new TarBuilder().file("motd", "hello", 0644).bytes());
        assertThat(read(h.get(created, "/etc/motd")).contents().get("motd")).isEqualTo("hello");
        assertThat(Files.readString(h.rt().upperDir(created).resolve("etc/motd"))).isEqualTo("hello");
        assertThat(ArchiveHarness.hostMountsOf(h.rt().upperDir(created).getParent())).isEmpty();
        assertThat(Files.list(h.rt().upperDir(created).resolveSibling("rootfs")).count()).isZero();
    }

    @Test
    void readOnlyRootfsRefusesButItsTmpfsTakesFiles() throws IOException {
        String id = h.sleeping(busybox().readonlyRootfs(true).mount(MountSpec.tmpfs("/scratch", "")));
        byte[] tar = new TarBuilder().file("f", "in tmpfs", 0644).bytes();
        assertThatThrownBy(() -> h.put(id, "/etc", tar)).isInstanceOf(SystemException.class)
                .hasMessage("container rootfs is marked read-only");
        h.put(id, "/scratch", tar);
        assertThat(read(h.get(id, "/scratch/f")).contents().get("f")).isEqualTo("in tmpfs");
        assertThat(Files.exists(h.rt().upperDir(id).resolve("scratch/f"), LinkOption.NOFOLLOW_LINKS)).isFalse();

        String stopped = h.rt().create(busybox().cmd("true").readonlyRootfs(true).build()).id();
        assertThatThrownBy(() -> h.put(stopped, "/etc", tar)).hasMessage("container rootfs is marked read-only");
    }
}
