package dev.caisson.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.ContainerState;
import dev.caisson.engine.runtime.MountRequest;
import dev.caisson.engine.runtime.MountSpec;
import dev.caisson.engine.runtime.VolumeConfig;

/** Docker's order and rules for a container's mounts, decided without touching anything. */
class MountPlannerTest {
    private static List<MountSpec> plan(VolumeConfig request, List<String> imageVolumes) {
        return new MountPlanner(n -> "/data/volumes/" + n + "/_data").plan(List.of(), request, imageVolumes, ref -> {
            throw new NotFoundException("No such container: " + ref);
        });
    }

    private static VolumeConfig binds(String... binds) {
        return new VolumeConfig(List.of(binds), null, null, null, null, null);
    }

    @Test
    void bindsBecomeMountPointsAsDockerShowsThem() {
        List<MountSpec> m = plan(binds("data:/srv", "cache:/c:ro", "/tmp:/ht:ro,rslave", "/opt:/o"), List.of());
        assertThat(m).extracting(MountSpec::type, MountSpec::name, MountSpec::source, MountSpec::mode, MountSpec::readOnly,
                MountSpec::propagation, MountSpec::createSource).containsExactly(
                org.assertj.core.groups.Tuple.tuple(MountSpec.Type.VOLUME, "data", "/data/volumes/data/_data", "z", false, "", false),
                org.assertj.core.groups.Tuple.tuple(MountSpec.Type.VOLUME, "cache", "/data/volumes/cache/_data", "ro", true, "", false),
                org.assertj.core.groups.Tuple.tuple(MountSpec.Type.BIND, null, "/tmp", "ro,rslave", true, "rslave", true),
                org.assertj.core.groups.Tuple.tuple(MountSpec.Type.BIND, null, "/opt", "", false, "rprivate", true));
    }

    @Test
    void imageVolumesGetAnonymousVolumesUnlessSomethingIsMountedThere() {
        VolumeConfig req = new VolumeConfig(List.of("named:/data"), null, Map.of("/run", "size=1m"), null, null,
                List.of("/cache", "/run"));
        List<MountSpec> m = plan(req, List.of("/data", "/logs/"));
        assertThat(m).extracting(MountSpec::target).containsExactly("/data", "/run", "/cache", "/logs");
        MountSpec cache = m.get(2);
        assertThat(cache.anonymous()).isTrue();
        assertThat(cache.name()).matches("[0-9a-f]{64}");
        assertThat(cache.mode()).isEmpty();
        assertThat(cache.source()).isEqualTo("/data/volumes/" + cache.name() + "/_data");
        assertThat(m.get(1).hidden()).isTrue();   // --tmpfs is not among inspect's Mounts
        assertThat(m.get(0).name()).isEqualTo("named");
    }

    @Test
    void mountsAreDockersMountPoints() {
        VolumeConfig req = new VolumeConfig(null, List.of(
                new MountRequest("volume", "", "/a", false, null, null, null),
                new MountRequest("volume", "vm", "/vm", true, null, new MountRequest.VolumeOptions(true, null, null,
                        Map.of("type", "tmpfs", "device", "tmpfs")), null),
                new MountRequest("tmpfs", "", "/tm", false, null, null, new MountRequest.TmpfsOptions(10 << 20, 01700)),
                new MountRequest("bind", "/etc", "/he", true, null, null, null)), null, null, null, null);
        List<MountSpec> m = plan(req, List.of());
        assertThat(m.get(0).anonymous()).isTrue();
        assertThat(m.get(0).mode()).isEqualTo("z");
        assertThat(m.get(1).noCopy()).isTrue();
        assertThat(m.get(1).readOnly()).isTrue();
        assertThat(m.get(2).options()).isEqualTo("mode=1700,size=10m");
        assertThat(m.get(2).hidden()).isFalse();
        assertThat(m.get(3).createSource()).isFalse();
        assertThat(m.get(3).propagation()).isEqualTo("rprivate");
    }

    @Test
    void twoAskedMountsMayNotShareATarget() {
        assertThatThrownBy(() -> plan(binds("a1:/c", "b1:/c/"), List.of())).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("Duplicate mount point: /c");
        assertThatThrownBy(() -> plan(new VolumeConfig(List.of("a1:/c"), null, Map.of("/c", ""), null, null, null), List.of()))
                .hasMessage("Duplicate mount point: /c");
        assertThatThrownBy(() -> plan(new VolumeConfig(List.of("a1:/c"),
                List.of(new MountRequest("tmpfs", "", "/c", false, null, null, null)), null, null, null, null), List.of()))
                .hasMessage("Duplicate mount point: /c");
    }

    @Test
    void volumesFromCopiesTheOthersMountsAndBindsOverrideThem() {
        MountSpec shared = new MountSpec(MountSpec.Type.VOLUME, "/data/volumes/db/_data", "/db", false, "", "db", "local", "z", "",
                false, false, false, false);
        MountSpec anon = new MountSpec(MountSpec.Type.VOLUME, "/data/volumes/x/_data", "/x", false, "", "x", "local", "", "",
                true, false, false, false);
        MountSpec hiddenTmpfs = MountSpec.tmpfs("/t", "");
        hiddenTmpfs = new MountSpec(hiddenTmpfs.type(), hiddenTmpfs.source(), "/t", false, "", null, null, "", "",
                false, false, false, true);
        ContainerSpec spec = ContainerSpec.builder("bb").mount(shared).mount(anon).mount(hiddenTmpfs).build();
        Container other = new Container("f".repeat(64), "other", Instant.now(), "sha256:" + "0".repeat(64), spec,
                null, ContainerState.created());
        List<MountSpec> m = new MountPlanner(n -> "/data/volumes/" + n + "/_data").plan(List.of(),
                new VolumeConfig(List.of("/tmp:/x"), null, null, List.of("other:ro"), null, null), List.of(),
                ref -> other);
        assertThat(m).extracting(MountSpec::target).containsExactly("/db", "/x");
        assertThat(m.get(0).readOnly()).isTrue();
        assertThat(m.get(0).noCopy()).isTrue();
        assertThat(m.get(0).mode()).isEmpty();
        assertThat(m.get(1).type()).isEqualTo(MountSpec.Type.BIND);
    }

    @Test
    void aMissingVolumesFromContainerIsABadRequest() {
        assertThatThrownBy(() -> plan(new VolumeConfig(null, null, null, List.of("nosuch"), null, null), List.of()))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("No such container: nosuch");
    }

    @Test
    void volumeNamesAndOptionsAreCheckedBeforeAnythingIsMade() {
        assertThatThrownBy(() -> plan(binds("x:/c"), List.of())).hasMessageContaining("create x: volume name is too short");
        assertThatThrownBy(() -> plan(new VolumeConfig(null, List.of(new MountRequest("volume", "vq", "/c", false, null,
                new MountRequest.VolumeOptions(false, null, null, Map.of("foo", "bar")), null)), null, null, null, null), List.of()))
                .hasMessage("create vq: invalid option: \"foo\"");
        assertThatThrownBy(() -> plan(new VolumeConfig(List.of("/x"), null, null, null, "nosuch", null), List.of()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("plugin \"nosuch\" not found");
    }
}
