package dev.caisson.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;

/** The `-c` instructions of import and commit, with the results real Docker gives (checked against dockerd 20.10). */
class ConfigChangesTest {
    @Test
    void appliesEveryInstructionLikeDocker() {
        ImageConfig c = ConfigChanges.apply(ImageConfig.EMPTY, List.of("CMD [\"/hello\"]", "ENTRYPOINT /bin/sh -c",
                "ENV A=b C=d", "ENV E f g", "EXPOSE 80 90/udp", "LABEL imgref=1 x=\"y z\"", "USER nobody", "WORKDIR /w",
                "VOLUME [\"/v1\",\"/v2\"]", "STOPSIGNAL SIGTERM", "ONBUILD RUN echo hi"));
        assertThat(c.cmd()).containsExactly("/hello"); // CMD set in the same changes survives ENTRYPOINT
        assertThat(c.entrypoint()).containsExactly("/bin/sh", "-c", "/bin/sh -c");
        assertThat(c.env()).containsExactly("A=b", "C=d", "E=f g");
        assertThat(c.exposedPorts()).containsExactly("80/tcp", "90/udp");
        assertThat(c.labels()).isEqualTo(Map.of("imgref", "1", "x", "y z"));
        assertThat(c.user()).isEqualTo("nobody");
        assertThat(c.workingDir()).isEqualTo("/w");
        assertThat(c.volumes()).containsExactly("/v1", "/v2");
        assertThat(c.stopSignal()).isEqualTo("SIGTERM");
        assertThat(c.onBuild()).containsExactly("RUN echo hi");
    }

    @Test
    void changesBuildOnTheBase() {
        ImageConfig base = new ImageConfig("root", List.of("PATH=/bin", "A=1"), List.of("sh"), null, "/srv", null, null,
                Map.of("k", "v"), null, null);
        ImageConfig c = ConfigChanges.apply(base, List.of("env A=2", "workdir app", "label k2=v2", "expose 8000-8002",
                "entrypoint [\"/init\"]"));
        assertThat(c.env()).containsExactly("PATH=/bin", "A=2");
        assertThat(c.workingDir()).isEqualTo("/srv/app");
        assertThat(c.labels()).isEqualTo(Map.of("k", "v", "k2", "v2"));
        assertThat(c.exposedPorts()).containsExactly("8000/tcp", "8001/tcp", "8002/tcp");
        assertThat(c.entrypoint()).containsExactly("/init");
        assertThat(c.cmd()).as("a new ENTRYPOINT drops the inherited CMD").isEmpty();
        assertThat(c.user()).isEqualTo("root");
    }

    @Test
    void rejectsWhatDockerRejects() {
        assertThatThrownBy(() -> ConfigChanges.apply(null, List.of("FOO bar")))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("foo is not a valid change command");
        assertThatThrownBy(() -> ConfigChanges.apply(null, List.of("RUN echo")))
                .hasMessage("run is not a valid change command");
        assertThatThrownBy(() -> ConfigChanges.apply(null, List.of("ENV A=1 B")))
                .hasMessageContaining("can't find = in \"B\"");
        assertThatThrownBy(() -> ConfigChanges.apply(null, List.of("EXPOSE http")))
                .hasMessage("invalid containerPort: http");
        assertThatThrownBy(() -> ConfigChanges.apply(null, List.of("ONBUILD FROM x")))
                .hasMessage("FROM isn't allowed as an ONBUILD trigger");
        assertThatThrownBy(() -> ConfigChanges.apply(null, List.of("LABEL a=\"open")))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void mergeFillsWhatTheRequestLeftOut() {
        ImageConfig container = new ImageConfig("app", List.of("X=1", "A=b"), List.of("/hello"), List.of("/init"), "/w",
                java.util.Set.of("80/tcp"), null, Map.of("imgref", "1"), "SIGINT", null);
        ImageConfig requested = new ImageConfig(null, List.of("Z=1", "X=2"), List.of("sleep", "5"), null, null, null, null,
                Map.of("own", "yes"), null, null);
        ImageConfig m = ConfigMerge.merge(requested, container);
        assertThat(m.env()).containsExactly("Z=1", "X=2", "A=b");
        assertThat(m.cmd()).containsExactly("sleep", "5");
        assertThat(m.entrypoint()).containsExactly("/init");
        assertThat(m.labels()).isEqualTo(Map.of("imgref", "1", "own", "yes"));
        assertThat(m.user()).isEqualTo("app");
        assertThat(m.workingDir()).isEqualTo("/w");
        assertThat(m.exposedPorts()).containsExactly("80/tcp");
        assertThat(m.stopSignal()).isEqualTo("SIGINT");
    }

    @Test
    void configJsonReadsDockersContainerConfig() {
        assertThat(ConfigJson.parse("null".getBytes())).isNull();
        assertThat(ConfigJson.parse(new byte[0])).isNull();
        ImageConfig c = ConfigJson.parse("{\"Cmd\":[\"a\"],\"Env\":[\"K=V\"],\"ExposedPorts\":{\"1/tcp\":{}},\"Hostname\":\"h\"}".getBytes());
        assertThat(c.cmd()).containsExactly("a");
        assertThat(c.env()).containsExactly("K=V");
        assertThat(c.exposedPorts()).containsExactly("1/tcp");
    }
}
