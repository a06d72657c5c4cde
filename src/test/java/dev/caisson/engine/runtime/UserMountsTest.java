package dev.caisson.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.linux.Linux;
import dev.caisson.engine.linux.MountOptions;

/** The shim directives for a container's own mounts, decided without the kernel. */
class UserMountsTest {
    private static MountSpec volume(String target, boolean ro) {
        return new MountSpec(MountSpec.Type.VOLUME, "/d/volumes/v/_data", target, ro, "", "v", "local", "z", "",
                false, false, false, false);
    }

    private static MountSpec bind(String source, String target, String propagation) {
        return new MountSpec(MountSpec.Type.BIND, source, target, false, "", null, null, "", propagation,
                false, false, true, false);
    }

    /** mount directives as [source, target, fstype, flags, data]. */
    private static List<List<String>> mounts(ShimSpec s) {
        List<String> t = s.tokens();
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).equals("mount")) {
                out.add(t.subList(i + 1, i + 6));
            }
        }
        return out;
    }

    @Test
    void parentsAreMountedBeforeTheirChildren() {
        ShimSpec s = new ShimSpec();
        UserMounts.plan(s, List.of(volume("/a/b/c", false), MountSpec.tmpfs("/a", "size=1m"), volume("/a/b", true)));
        assertThat(mounts(s)).extracting(m -> m.get(1)).containsExactly("/a", "/a/b", "/a/b/c");
        assertThat(s.values("rootpropagation")).isEmpty();   // nothing asks for propagation: / stays private
    }

    @Test
    void volumesAreRecursiveBindsOfTheirDataDirAndTmpfsIsNoexecNosuidNodev() {
        ShimSpec s = new ShimSpec();
        MountSpec ro = MountSpec.tmpfs("/t", "size=5m,mode=700");
        ro = new MountSpec(ro.type(), ro.source(), ro.target(), true, ro.options(), null, null, "", "", false, false, false, false);
        UserMounts.plan(s, List.of(volume("/v", true), ro));
        List<List<String>> m = mounts(s);
        assertThat(m.get(0)).containsExactly("/d/volumes/v/_data", "/v", "", Long.toString(Linux.MS_BIND | Linux.MS_REC | Linux.MS_RDONLY), "");
        assertThat(m.get(1)).containsExactly("tmpfs", "/t", "tmpfs",
                Long.toString(Linux.MS_NOEXEC | Linux.MS_NOSUID | Linux.MS_NODEV | Linux.MS_RDONLY), "size=5m,mode=700");
    }

    @Test
    void aSlaveBindMakesTheRootASlaveAndEveryOtherBindPrivate() {
        ShimSpec s = new ShimSpec();
        UserMounts.plan(s, List.of(bind("/tmp", "/s", "rslave"), bind("/opt", "/p", "rprivate")));
        assertThat(s.values("rootpropagation")).containsExactly(Long.toString(MountOptions.MS_SLAVE | Linux.MS_REC));
        List<List<String>> m = mounts(s);
        assertThat(m).hasSize(4);
        assertThat(m.get(1)).containsExactly("", "/s", "", Long.toString(MountOptions.MS_SLAVE | Linux.MS_REC), "");
        assertThat(m.get(3)).containsExactly("", "/p", "", Long.toString(Linux.MS_PRIVATE | Linux.MS_REC), "");
    }

    @Test
    void badTargetsAndOptionsAreRefused() {
        assertThatThrownBy(() -> UserMounts.plan(new ShimSpec(), List.of(MountSpec.tmpfs("/t", "bogus=1"))))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("invalid tmpfs option \"bogus\"");
        assertThatThrownBy(() -> UserMounts.plan(new ShimSpec(), List.of(volume("/", false))))
                .hasMessage("invalid specification: destination can't be '/'");
        assertThatThrownBy(() -> UserMounts.plan(new ShimSpec(), List.of(MountSpec.bind("/nonexistent-caisson", "/x", false))))
                .hasMessageContaining("bind source path does not exist: /nonexistent-caisson");
    }
}
