package dev.caisson.engine.volume;

import static dev.caisson.engine.volume.VolumeHarness.binds;
import static dev.caisson.engine.volume.VolumeHarness.busybox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.image.ImageConfig;
import dev.caisson.engine.linux.Linux;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.MountRequest;
import dev.caisson.engine.runtime.MountSpec;
import dev.caisson.engine.runtime.VolumeConfig;

/** Volumes, binds and tmpfs mounts in real containers (root: mounts, namespaces, cgroups). */
class VolumesIT {
    private static VolumeHarness h;

    @BeforeAll
    static void engine() throws Exception {
        h = new VolumeHarness();
    }

    @AfterAll
    static void clean() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void dataWrittenToANamedVolumeOutlivesTheContainerAndIsSeenByTheNext() {
        assertThat(h.output(binds("keep:/keep"), "echo persisted > /keep/f")).isEqualTo("0:");
        assertThat(h.volumes().get("keep").anonymous()).isFalse();
        assertThat(h.output(binds("keep:/elsewhere"), "cat /elsewhere/f")).isEqualTo("0:persisted\n");
        assertThat(h.events).extracting(VolumeEvent::action, VolumeEvent::name).contains(
                org.assertj.core.groups.Tuple.tuple("create", "keep"), org.assertj.core.groups.Tuple.tuple("mount", "keep"),
                org.assertj.core.groups.Tuple.tuple("unmount", "keep"));
    }

    @Test
    void theImageVolumeGetsAnAnonymousVolumeHoldingTheImageContent() throws Exception {
        Container c = h.rt().create(ContainerSpec.builder("fixture/layered:1").cmd("sh", "-c",
                "cat /data/a; readlink /data/link; echo more > /data/new").build());
        MountSpec data = c.spec().mounts().get(0);
        assertThat(data.target()).isEqualTo("/data");
        assertThat(data.anonymous()).isTrue();
        Path dir = h.volumes().dataDir(data.name());
        assertThat(Files.readString(dir.resolve("a"))).isEqualTo("one\n");
        assertThat(Files.readSymbolicLink(dir.resolve("link"))).isEqualTo(Path.of("/data/a"));
        assertThat(Files.exists(dir.resolve("b"))).isFalse();   // deleted by a later layer: not in the image
        assertThat(h.volumes().get(data.name()).labels()).containsKey(Volume.ANONYMOUS_LABEL);
        h.rt().start(c.id());
        h.rt().waitFor(c.id());
        assertThat(h.logs(c.id())).isEqualTo("one\n/data/a\n");
        assertThat(Files.readString(dir.resolve("new"))).isEqualTo("more\n");
        h.rt().remove(c.id(), false, true);   // rm -v: its anonymous volume goes with it
        assertThat(h.volumes().find(data.name())).isEmpty();
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void readOnlyMountsRefuseWrites() throws Exception {
        Path host = Files.createTempDirectory(Path.of("/tmp"), "cvro");
        try {
            String out = h.output(binds("rovol:/r:ro", host + ":/h:ro"),
                    "touch /r/x 2>&1; touch /h/x 2>&1; grep -E ' /(r|h) ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1");
            assertThat(out).isEqualTo("0:touch: /r/x: Read-only file system\ntouch: /h/x: Read-only file system\nro\nro\n");
            assertThat(h.output(binds("rovol:/r"), "touch /r/x && echo ok")).isEqualTo("0:ok\n");
        } finally {
            Files.deleteIfExists(host.resolve("x"));
            Files.delete(host);
        }
    }

    @Test
    void tmpfsMountsHaveTheAskedSizeAndModeAndAreNoexec() {
        VolumeConfig tmpfs = new VolumeConfig(null, List.of(new MountRequest("tmpfs", "", "/m", false, null, null,
                new MountRequest.TmpfsOptions(8 << 20, 01700))), Map.of("/t", "size=5m,mode=700"), null, null, null);
        String out = h.output(tmpfs, "df -k /t /m | tail -2 | awk '{print $2}'; stat -c %a /t /m;"
                + " cp /bin/busybox /t/bb; /t/bb true 2>/dev/null || echo noexec");
        assertThat(out).isEqualTo("0:5120\n8192\n700\n1700\nnoexec\n");
    }

    @Test
    void aTmpfsVolumeIsMountedOnTheHostOnlyWhileAContainerUsesIt() throws Exception {
        h.volumes().create("tv", "local", null, Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=3m"));
        Path data = h.volumes().dataDir("tv");
        String id = h.rt().create(busybox("echo x > /t/f; exec sleep 60").volumes(binds("tv:/t")).build()).id();
        assertThat(VolumeHarness.mountsUnder(data)).isEmpty();
        h.rt().start(id);
        assertThat(VolumeHarness.mountsUnder(data)).singleElement().asString().startsWith("tmpfs ").contains("size=3072k");
        assertThat(h.output(binds("tv:/t"), "df -k /t | tail -1 | awk '{print $2}'")).isEqualTo("0:3072\n");
        assertThat(VolumeHarness.mountsUnder(data)).hasSize(1);   // the first user still runs
        h.reopen();   // a restarted engine knows who uses the volume: it stays mounted
        assertThat(VolumeHarness.mountsUnder(data)).hasSize(1);
        assertThatThrownBy(() -> h.volumes().remove("tv", false)).isInstanceOf(ConflictException.class);
        h.rt().remove(id, true, false);
        assertThat(VolumeHarness.mountsUnder(data)).isEmpty();
        assertThat(Files.list(data).count()).isZero();   // a tmpfs: gone with its last user
        h.volumes().remove("tv", false);
    }

    @Test
    void volumesFromSharesTheOtherContainersMountsReadOnlyWhenAsked() {
        String src = h.run(busybox("echo shared > /s/f").volumes(binds("share:/s", "/anon-from")).build());
        VolumeConfig rw = new VolumeConfig(null, null, null, List.of(src), null, null);
        VolumeConfig ro = new VolumeConfig(null, null, null, List.of(src + ":ro"), null, null);
        assertThat(h.output(rw, "cat /s/f && touch /s/g /anon-from/x && echo rw")).isEqualTo("0:shared\nrw\n");
        assertThat(h.output(ro, "touch /s/h 2>&1; ls /s")).isEqualTo("0:touch: /s/h: Read-only file system\nf\ng\n");
        String anon = h.rt().get(src).spec().mounts().get(1).name();
        assertThat(h.volumes().find(anon)).isPresent();   // the copies' rm -v left the source's anonymous volume
        h.rt().remove(src, false, true);
        assertThat(h.volumes().find(anon)).isEmpty();
        assertThat(h.volumes().find("share")).isPresent();   // named volumes stay
    }

    @Test
    void aVolumeInUseCannotBeRemovedEvenAfterARestartOfTheEngine() throws Exception {
        String id = h.rt().create(busybox("true").volumes(binds("busy:/b")).build()).id();
        assertThatThrownBy(() -> h.volumes().remove("busy", true)).isInstanceOf(ConflictException.class)
                .hasMessage("remove busy: volume is in use - [" + id + "]");
        h.reopen();
        assertThatThrownBy(() -> h.volumes().remove("busy", false)).isInstanceOf(ConflictException.class);
        assertThat(h.volumes().prune(v -> true).deleted()).doesNotContain("busy");
        h.rt().remove(id, false, true);
        assertThat(h.volumes().prune(v -> true).deleted()).contains("busy");
    }

    @Test
    void aFailedCreateLeavesNoVolumeBehind() {
        List<Volume> before = h.volumes().list();
        // /data/a is a file in the image: no volume can go over it (checked with the image at create)
        VolumeConfig overFile = new VolumeConfig(List.of("newnamed:/n"), null, null, null, null, List.of("/anon", "/data/a"));
        assertThatThrownBy(() -> h.rt().create(ContainerSpec.builder("fixture/layered:1").volumes(overFile).build()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("cannot mount volume over existing file, file exists /data/a");
        assertThatThrownBy(() -> h.rt().create(busybox("true").volumes(binds("/x", "ok-name:/y", "x:/z")).build()))
                .hasMessageContaining("volume name is too short");
        assertThat(h.volumes().list()).isEqualTo(before);
        assertThat(h.rt().list()).noneMatch(c -> c.spec().image().equals("fixture/layered:1"));
    }

    @Test
    void copyUpKeepsOwnersModesLinksDevicesAndXattrsAndNeverFillsAVolumeTwice() throws Exception {
        String maker = h.run(busybox("mkdir -p /v/sub && echo hi > /v/f && ln /v/f /v/hard && ln -s f /v/sym && mkfifo /v/pipe"
                + " && echo deep > /v/sub/g && chown -R 1000:1001 /v && chmod 750 /v && chmod 4755 /v/f").build());
        Linux.setXattr(h.rt().upperDir(maker).resolve("v/f"), "user.caisson", "yes".getBytes(StandardCharsets.UTF_8));
        ImageConfig base = h.rt().commitConfig(maker);
        h.rt().commit(maker, new ImageConfig(base.user(), base.env(), base.cmd(), base.entrypoint(), base.workingDir(),
                base.exposedPorts(), java.util.Set.of("/v"), base.labels(), base.stopSignal(), null), "", "", "copyup:1", false);
        Container c = h.rt().create(ContainerSpec.builder("copyup:1").cmd("true").build());
        Path v = h.volumes().dataDir(c.spec().mounts().get(0).name());
        assertThat(Files.getAttribute(v, "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(v, "unix:gid")).isEqualTo(1001);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(v))).isEqualTo("rwxr-x---");
        assertThat((Integer) Files.getAttribute(v.resolve("f"), "unix:mode") & 07777).isEqualTo(04755);
        assertThat(Files.getAttribute(v.resolve("f"), "unix:nlink")).isEqualTo(2);
        assertThat(Files.isSameFile(v.resolve("f"), v.resolve("hard"))).isTrue();
        assertThat(Files.readSymbolicLink(v.resolve("sym"))).isEqualTo(Path.of("f"));
        assertThat((Integer) Files.getAttribute(v.resolve("pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000).isEqualTo(0010000);
        assertThat(Files.readString(v.resolve("sub/g"))).isEqualTo("deep\n");
        assertThat(Linux.getXattr(v.resolve("f"), "user.caisson")).hasValueSatisfying(b ->
                assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("yes"));
        // a named volume that has content keeps it; nocopy leaves an empty one empty
        assertThat(h.output(binds("filled:/v"), "echo mine > /v/own")).isEqualTo("0:");
        Container again = h.rt().create(ContainerSpec.builder("copyup:1").cmd("ls", "/v").volumes(binds("filled:/v")).build());
        Container none = h.rt().create(ContainerSpec.builder("copyup:1").cmd("ls", "/v").volumes(binds("empty:/v:nocopy")).build());
        assertThat(Files.list(h.volumes().dataDir("filled")).map(p -> p.getFileName().toString())).containsExactly("own");
        assertThat(Files.list(h.volumes().dataDir("empty")).count()).isZero();
        for (String id : List.of(c.id(), again.id(), none.id(), maker)) {
            h.rt().remove(id, true, true);
        }
        h.engine.images().remove("copyup:1", true);
    }

    @Test
    void anRslaveBindSeesWhatTheHostMountsLaterAndAPrivateOneDoesNot() throws Exception {
        Path shared = Files.createTempDirectory(Path.of("/tmp"), "cvprop");
        Path sub = shared.resolve("sub");
        Linux.mount("tmpfs", shared, "tmpfs", 0, "size=1m");
        try {
            Linux.mount("none", shared, null, dev.caisson.engine.linux.MountOptions.MS_SHARED, null);
            Files.createDirectory(sub);
            String wait = "for i in $(seq 40); do [ -f /p/sub/hello ] && echo seen && exit 0; sleep 0.1; done; echo unseen";
            String slave = h.rt().create(busybox(wait).volumes(binds(shared + ":/p:rslave")).build()).id();
            String priv = h.rt().create(busybox(wait).volumes(binds(shared + ":/p")).build()).id();
            h.rt().start(slave);
            h.rt().start(priv);
            Linux.mount("tmpfs", sub, "tmpfs", 0, "size=1m");
            Files.writeString(sub.resolve("hello"), "hi");
            h.rt().waitFor(slave);
            h.rt().waitFor(priv);
            assertThat(h.logs(slave)).isEqualTo("seen\n");
            assertThat(h.logs(priv)).isEqualTo("unseen\n");
            assertThat(h.rt().get(slave).spec().mounts().get(0).propagation()).isEqualTo("rslave");
            h.rt().remove(slave, true);
            h.rt().remove(priv, true);
        } finally {
            try {
                Linux.unmount(sub, Linux.MNT_DETACH);
            } catch (java.io.IOException ignored) {
                // not mounted: the test failed before
            }
            Linux.unmount(shared, Linux.MNT_DETACH);
            dev.caisson.testsupport.TestHost.deleteTree(shared);
        }
    }
}
