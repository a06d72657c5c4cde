package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;

class DockerFiltersTest {
    @Test
    void readsBothJsonFormsDockerAccepts() {
        DockerFilters cli = DockerFilters.parse("{\"status\":{\"exited\":true,\"dead\":false},\"name\":{\"web\":true}}");
        assertThat(cli.values("status")).containsExactly("exited");
        DockerFilters list = DockerFilters.parse("{\"status\":[\"running\",\"paused\"]}");
        assertThat(list.values("status")).containsExactly("running", "paused");
        assertThat(DockerFilters.parse("").has("status")).isFalse();
        assertThat(DockerFilters.parse(null).exact("status", "anything")).isTrue();
    }

    @Test
    void unknownFiltersAndBrokenJsonAre400s() {
        assertThatThrownBy(() -> DockerFilters.parse("{\"foo\":[\"bar\"]}").accept(Set.of("status")))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("Invalid filter 'foo'");
        assertThatThrownBy(() -> DockerFilters.parse("notjson")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageStartingWith("invalid filter");
        assertThatThrownBy(() -> DockerFilters.parse("{\"status\":\"running\"}")).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void matchKinds() {
        DockerFilters f = DockerFilters.parse("{\"id\":[\"^4519\"],\"container\":[\"4519\"],\"label\":[\"tier\",\"env=prod\"]}");
        assertThat(f.regex("id", "45198fd2")).isTrue();
        assertThat(f.regex("id", "a45198fd")).isFalse();
        assertThat(f.fuzzy("container", "45198fd2")).isTrue();
        assertThat(f.fuzzy("container", "a4519")).isFalse();
        assertThat(f.labels("label", Map.of("tier", "web", "env", "prod"))).isTrue();
        assertThat(f.labels("label", Map.of("tier", "web", "env", "dev"))).as("every label filter must hold").isFalse();
        assertThat(DockerFilters.parse("{\"name\":[\"([\"]}").regex("name", "x")).as("broken expression").isFalse();
    }
}
