package dev.caisson.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.runtime.MountRequest;

/** Binds syntax and mount checks, with the messages the real dockerd (20.10) answered for the same input. */
class MountParserTest {
    @Test
    void bindsEntriesBecomeTheMountsTheyStandFor() {
        MountParser.Bind named = MountParser.parseBind("data:/srv/data:ro,nocopy");
        assertThat(named.request()).isEqualTo(new MountRequest("volume", "data", "/srv/data", true, null,
                new MountRequest.VolumeOptions(true, null, null, null), null));
        assertThat(named.mode()).isEqualTo("ro,nocopy");

        MountParser.Bind host = MountParser.parseBind("/tmp:/ht:ro,rslave");
        assertThat(host.request().type()).isEqualTo("bind");
        assertThat(host.request().readOnly()).isTrue();
        assertThat(host.request().bindOptions().propagation()).isEqualTo("rslave");

        MountParser.Bind anonymous = MountParser.parseBind("/cache");
        assertThat(anonymous.request()).isEqualTo(new MountRequest("volume", "", "/cache", false, null, null, null));
        assertThat(MountParser.parseBind("/tmp:/c:z").request().readOnly()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a:b:c:d|invalid volume specification: 'a:b:c:d'",
            "/foo:rw|invalid volume specification: '/foo:rw'",
            "vt-q:rel|invalid volume specification: 'vt-q:rel': invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute",
            "/h:/c:bogus|invalid mode: bogus",
            "/tmp:/c:ro,rw|invalid mode: ro,rw",
            "/tmp:/c:ro,ro|invalid mode: ro,ro",
            "vt-q:/|invalid volume specification: 'vt-q:/': invalid mount config for type \"volume\": invalid specification: destination can't be '/'",
            "/tmp:/c:nocopy|invalid volume specification: '/tmp:/c:nocopy': invalid mount config for type \"bind\": field VolumeOptions must not be specified",
            "vt-q:/c:rslave|invalid volume specification: 'vt-q:/c:rslave': invalid mount config for type \"volume\": field BindOptions must not be specified",
    })
    void badBindsAreRefusedInDockersWords(String raw, String message) {
        assertThatThrownBy(() -> MountParser.parseBind(raw)).isInstanceOf(InvalidArgumentException.class).hasMessage(message);
    }

    @Test
    void anEmptyBindIsAnInvalidSpecification() {
        assertThatThrownBy(() -> MountParser.parseBind("")).hasMessage("invalid volume specification: ''");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bind||/c|invalid mount config for type \"bind\": field Source must not be empty",
            "bind|rel|/c|invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute",
            "bind|/nonexistent-caisson|/c|invalid mount config for type \"bind\": bind source path does not exist: /nonexistent-caisson",
            "volume|vt-q|rel|invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute",
            "volume|vt-q||invalid mount config for type \"volume\": field Target must not be empty",
            "tmpfs|x|/c|invalid mount config for type \"tmpfs\": field Source must not be specified",
            "foo||/c|invalid mount config for type \"foo\": mount type unknown",
            "||/c|invalid mount config for type \"\": mount type unknown",
    })
    void badMountsAreRefusedInDockersWords(String type, String source, String target, String message) {
        MountRequest r = new MountRequest(type, source, target, false, null, null, null);
        assertThatThrownBy(() -> MountParser.validate(r, true)).isInstanceOf(InvalidArgumentException.class).hasMessage(message);
    }

    @Test
    void optionsOfAnotherTypeAreRefused() {
        MountRequest volumeWithBind = new MountRequest("volume", "", "/c", false, new MountRequest.BindOptions("shared", false, false), null, null);
        assertThatThrownBy(() -> MountParser.validate(volumeWithBind, true))
                .hasMessage("invalid mount config for type \"volume\": field BindOptions must not be specified");
        MountRequest badPropagation = new MountRequest("bind", "/tmp", "/c", false, new MountRequest.BindOptions("bogus", false, false), null, null);
        assertThatThrownBy(() -> MountParser.validate(badPropagation, true))
                .hasMessage("invalid mount config for type \"bind\": invalid propagation mode: bogus");
        MountRequest missingButCreated = new MountRequest("bind", "/nonexistent-caisson", "/c", false,
                new MountRequest.BindOptions("", false, true), null, null);
        MountParser.validate(missingButCreated, true);
    }

    @Test
    void volumesFromTakesRoOrRwButNoPropagationOrCopyMode() {
        assertThat(MountParser.parseVolumesFrom("web")).isEqualTo(new MountParser.VolumesFrom("web", true));
        assertThat(MountParser.parseVolumesFrom("web:ro")).isEqualTo(new MountParser.VolumesFrom("web", false));
        assertThat(MountParser.parseVolumesFrom("web:rw,z")).isEqualTo(new MountParser.VolumesFrom("web", true));
        assertThatThrownBy(() -> MountParser.parseVolumesFrom("web:bogus")).hasMessage("invalid mode: bogus");
        assertThatThrownBy(() -> MountParser.parseVolumesFrom("web:rslave")).hasMessage("invalid mode: rslave");
        assertThatThrownBy(() -> MountParser.parseVolumesFrom("web:nocopy")).hasMessage("invalid mode: nocopy");
        assertThatThrownBy(() -> MountParser.parseVolumesFrom("")).hasMessage("volumes-from specification cannot be an empty string");
    }

    @Test
    void tmpfsOptionsBecomeDockersMountData() {
        assertThat(MountParser.tmpfsData(new MountRequest.TmpfsOptions(10 << 20, 01700))).isEqualTo("mode=1700,size=10m");
        assertThat(MountParser.tmpfsData(new MountRequest.TmpfsOptions(3L << 30, 0))).isEqualTo("size=3g");
        assertThat(MountParser.tmpfsData(new MountRequest.TmpfsOptions(1000, 0))).isEqualTo("size=1000");
        assertThat(MountParser.tmpfsData(null)).isEmpty();
    }
}
