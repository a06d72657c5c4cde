package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;

class ImageFiltersTest {
    @Test
    void filtersComeInTheCurrentAndTheLegacyForm() {
        assertThat(FilterArgs.parse("{\"dangling\":[\"true\"],\"label\":[\"a\",\"b=c\"]}").values())
                .isEqualTo(Map.of("dangling", List.of("true"), "label", List.of("a", "b=c")));
        assertThat(FilterArgs.parse("{\"dangling\":{\"true\":true,\"false\":false}}").bool("dangling")).isTrue();
        assertThat(FilterArgs.parse(null).values()).isEmpty();
        assertThatThrownBy(() -> FilterArgs.parse("xx")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> FilterArgs.parse("{\"bogus\":[\"1\"]}").allow(Set.of("dangling")))
                .hasMessage("Invalid filter 'bogus'");
        assertThatThrownBy(() -> FilterArgs.parse("{\"dangling\":[\"maybe\"]}").bool("dangling"))
                .hasMessage("Invalid filter 'dangling=[maybe]'");
    }

    @Test
    void labelsMatchKeysAndPairs() {
        FilterArgs f = FilterArgs.parse("{\"label\":[\"a\",\"b=c\"]}");
        assertThat(f.labelsMatch("label", Map.of("a", "x", "b", "c"))).isTrue();
        assertThat(f.labelsMatch("label", Map.of("a", "x", "b", "d"))).isFalse();
        assertThat(f.labelsMatch("label", Map.of("b", "c"))).isFalse();
    }

    @Test
    void globsFollowGoPathMatch() {
        assertThat(ImageFilters.glob("imgref/*").matcher("imgref/c:latest").matches()).isTrue();
        assertThat(ImageFilters.glob("*").matcher("imgref/c").matches()).isFalse();
        assertThat(ImageFilters.glob("b?").matcher("bb").matches()).isTrue();
        assertThat(ImageFilters.glob("[a-c]b").matcher("bb").matches()).isTrue();
        assertThat(ImageFilters.glob("a.b").matcher("axb").matches()).isFalse();
        assertThatThrownBy(() -> ImageFilters.glob("B[")).hasMessage("syntax error in pattern");
    }

    @Test
    void timesAreDurationsTimestampsOrDates() {
        Instant now = Instant.parse("2026-01-02T00:00:00Z");
        assertThat(ImageFilters.timestamp("10m", now)).isEqualTo(now.minus(Duration.ofMinutes(10)));
        assertThat(ImageFilters.timestamp("1h30m", now)).isEqualTo(now.minus(Duration.ofMinutes(90)));
        assertThat(ImageFilters.timestamp("1700000000.5", now)).isEqualTo(Instant.ofEpochSecond(1700000000, 500_000_000));
        assertThat(ImageFilters.timestamp("2025-05-01T10:00:00Z", now)).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
        assertThatThrownBy(() -> ImageFilters.timestamp("x", now))
                .hasMessage("failed to parse value as time or duration: \"x\"");
    }

    @Test
    void viewsUseGoTimesAndDockersConfigFields() {
        assertThat(ImageViews.goTime(Instant.parse("2026-11-28T02:15:05.285724780Z"))).isEqualTo("2026-11-28T02:15:05.28572478Z");
        assertThat(ImageViews.goTime(Instant.parse("2026-11-28T02:15:05Z"))).isEqualTo("2026-11-28T02:15:05Z");
        assertThat(ImageViews.goTime(null)).isEqualTo("0001-01-01T00:00:00Z");
        Map<String, Object> empty = ImageViews.config(null);
        assertThat(empty.keySet()).containsExactly("Hostname", "Domainname", "User", "AttachStdin", "AttachStdout",
                "AttachStderr", "Tty", "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir", "Entrypoint",
                "OnBuild", "Labels");
        assertThat(ImageViews.config(Map.of("StopSignal", "SIGINT", "Cmd", List.of("x"))))
                .containsEntry("StopSignal", "SIGINT").containsEntry("Cmd", List.of("x"));
        assertThat(ImageArchiveController.humanSize(1985536)).isEqualTo("1.986MB");
        assertThat(ImageArchiveController.humanSize(3)).isEqualTo("3B");
    }
}
