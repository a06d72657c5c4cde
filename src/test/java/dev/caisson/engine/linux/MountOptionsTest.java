package dev.caisson.engine.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MountOptionsTest {
    @Test
    void flagsAndDataAreSplitAndLaterOptionsWin() {
        MountOptions o = MountOptions.parse("ro,noexec,size=64m,exec,uid=1000");
        assertThat(o.flags()).isEqualTo(Linux.MS_RDONLY);
        assertThat(o.data()).isEqualTo("size=64m,uid=1000");
        assertThat(MountOptions.parse("bind").flags()).isEqualTo(Linux.MS_BIND);
        assertThat(MountOptions.parse("").data()).isEmpty();
    }

    @Test
    void tmpfsIsNoexecNosuidNodevUnlessAskedOtherwise() {
        MountOptions t = MountOptions.tmpfs("size=5m,mode=700");
        assertThat(t.flags()).isEqualTo(Linux.MS_NOEXEC | Linux.MS_NOSUID | Linux.MS_NODEV);
        assertThat(t.data()).isEqualTo("size=5m,mode=700");
        assertThat(MountOptions.tmpfs("exec,size=1m,size=2m").flags()).isEqualTo(Linux.MS_NOSUID | Linux.MS_NODEV);
        assertThat(MountOptions.tmpfs("exec,size=1m,size=2m").data()).isEqualTo("size=2m");
        assertThat(MountOptions.tmpfs("rprivate,ro").flags() & Linux.MS_PRIVATE).isZero();   // propagation is not a mount flag
        assertThat(MountOptions.tmpfs("rprivate,ro").flags() & Linux.MS_RDONLY).isNotZero();
    }

    @Test
    void unknownTmpfsOptionsAreRefusedAsDockerDoes() {
        assertThatThrownBy(() -> MountOptions.tmpfs("bogus=1")).hasMessage("invalid tmpfs option \"bogus\"");
        assertThatThrownBy(() -> MountOptions.tmpfs("size")).hasMessage("invalid tmpfs option \"size\"");
    }

    @Test
    void propagationModes() {
        assertThat(MountOptions.propagation("rslave")).isEqualTo(MountOptions.MS_SLAVE | Linux.MS_REC);
        assertThat(MountOptions.propagation("private")).isEqualTo(Linux.MS_PRIVATE);
        assertThat(MountOptions.propagation("")).isZero();
        assertThat(MountOptions.propagation("rbind")).isZero();
    }
}
