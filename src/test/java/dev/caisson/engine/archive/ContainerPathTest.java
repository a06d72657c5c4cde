package dev.caisson.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;

/** Docker's lexical rules for a docker cp path, checked against what dockerd 20.10 answers. */
class ContainerPathTest {
    @Test
    void cleansLikeDockerAndKeepsATrailingSlashOrDot() {
        assertThat(ContainerPath.parse("/d").abs()).isEqualTo("/d");
        assertThat(ContainerPath.parse("d/sub/..").abs()).isEqualTo("/d");
        assertThat(ContainerPath.parse("/../../etc//passwd").abs()).isEqualTo("/etc/passwd");
        assertThat(ContainerPath.parse("/d/").abs()).isEqualTo("/d/");
        assertThat(ContainerPath.parse("/d/.").abs()).isEqualTo("/d/.");
        assertThat(ContainerPath.parse("/").abs()).isEqualTo("/");
        assertThat(ContainerPath.parse(".").abs()).isEqualTo("/.");
    }

    @Test
    void namesTheTopEntryAsGoFilepathBase() {
        assertThat(ContainerPath.parse("/d/f").name()).isEqualTo("f");
        assertThat(ContainerPath.parse("/d/").name()).isEqualTo("d");
        assertThat(ContainerPath.parse("/d/.").name()).isEqualTo(".");
        assertThat(ContainerPath.parse("/").name()).isEqualTo("/");
    }

    @Test
    void splitsIntoParentAndLastElement() {
        ContainerPath p = ContainerPath.parse("/d/rel/g");
        assertThat(p.parentRelative()).isEqualTo("d/rel/");
        assertThat(p.last()).isEqualTo("g");
        assertThat(p.followsLast()).isFalse();
        assertThat(ContainerPath.parse("/d/rel/").followsLast()).isTrue();
        assertThat(ContainerPath.parse("/").parentRelative()).isEmpty();
        assertThat(ContainerPath.parse("/").followsLast()).isTrue();
    }

    @Test
    void refusesEmptyAndNul() {
        assertThatThrownBy(() -> ContainerPath.parse("")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("path cannot be empty");
        assertThatThrownBy(() -> ContainerPath.parse("/a\0b")).isInstanceOf(InvalidArgumentException.class);
    }
}
