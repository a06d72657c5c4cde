package dev.caisson.engine.volume;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.NotFoundException;

/** The local driver's names and options, with the real dockerd's answers. */
class LocalDriverTest {
    @Test
    void namesFollowDockersRules() {
        assertThatCode(() -> LocalDriver.validateName("my-vol_1.x")).doesNotThrowAnyException();
        assertThatThrownBy(() -> LocalDriver.validateName("x")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("create x: volume name is too short, names should be at least two alphanumeric characters");
        assertThatThrownBy(() -> LocalDriver.validateName("a/b")).hasMessage("create a/b: \"a/b\" includes invalid characters"
                + " for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host"
                + " directory, use absolute path");
        assertThatThrownBy(() -> LocalDriver.validateName("-leading")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void optionsNeedTheirCompanions() {
        assertThatCode(() -> LocalDriver.validateOptions("v", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=1m")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> LocalDriver.validateOptions("vt-c", Map.of("foo", "bar")))
                .hasMessage("create vt-c: invalid option: \"foo\"");
        assertThatThrownBy(() -> LocalDriver.validateOptions("vt-d", Map.of("type", "tmpfs")))
                .hasMessage("create vt-d: missing required option: \"device\"");
        assertThatThrownBy(() -> LocalDriver.validateOptions("vt-e", Map.of("device", "tmpfs")))
                .hasMessage("create vt-e: missing required option: \"type\"");
        assertThatThrownBy(() -> LocalDriver.validateOptions("vt-f", Map.of("o", "size=1m")))
                .hasMessage("create vt-f: missing required option: \"device\"");
        assertThatThrownBy(() -> LocalDriver.validateOptions("vt-g", Map.of("size", "1m")))
                .hasMessage("create vt-g: quota size requested but no quota support");
    }

    @Test
    void otherDriversAreUnknownPlugins() {
        assertThatCode(() -> LocalDriver.driver("", "v")).doesNotThrowAnyException();
        assertThatThrownBy(() -> LocalDriver.driver("nosuch", "vt-h")).isInstanceOf(NotFoundException.class)
                .hasMessage("create vt-h: error looking up volume plugin nosuch: plugin \"nosuch\" not found");
    }
}
