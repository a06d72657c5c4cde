package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.caisson.platform.events.DockerEvent;
import tools.jackson.databind.json.JsonMapper;

class EventFilterTest {
    private static final Instant T = Instant.ofEpochSecond(1795844585, 624968819);
    private static final DockerEvent CREATE = new DockerEvent("container", "create",
            "45198fd23590a31c52e080e82fa381bc8f61e5e49520223b117b2114618677e1",
            Map.of("name", "obs-ref", "image", "bb:latest", "team", "obs"), T);
    private static final DockerEvent TAG = new DockerEvent("image", "tag", "sha256:84bb", Map.of("name", "me/bb:v1"), T);
    private static final DockerEvent CONNECT = new DockerEvent("network", "connect", "0b3d37",
            Map.of("container", "45198f", "name", "none", "type", "null"), T);

    private static boolean matches(String filters, DockerEvent e) {
        return new EventFilter(DockerFilters.parse(filters)).includes(e);
    }

    @Test
    void theJsonDockerSends() {
        assertThat(JsonMapper.builder().build().writeValueAsString(EventView.of(CREATE))).isEqualTo("{\"status\":\"create\","
                + "\"id\":\"45198fd23590a31c52e080e82fa381bc8f61e5e49520223b117b2114618677e1\",\"from\":\"bb:latest\","
                + "\"Type\":\"container\",\"Action\":\"create\",\"Actor\":{\"ID\":\"45198fd23590a31c52e080e82fa381bc8f61e5e49520223b117b2114618677e1\","
                + "\"Attributes\":{\"image\":\"bb:latest\",\"name\":\"obs-ref\",\"team\":\"obs\"}},\"scope\":\"local\","
                + "\"time\":1795844585,\"timeNano\":1795844585624968819}");
        assertThat(EventView.of(TAG)).containsEntry("status", "tag").doesNotContainKey("from");
        assertThat(EventView.of(CONNECT)).doesNotContainKeys("status", "id", "from");
    }

    @Test
    void typeEventContainerImageAndLabel() {
        assertThat(matches("{\"type\":{\"container\":true}}", CREATE)).isTrue();
        assertThat(matches("{\"type\":{\"container\":true}}", TAG)).isFalse();
        assertThat(matches("{\"event\":[\"create\",\"start\"]}", CREATE)).isTrue();
        assertThat(matches("{\"event\":[\"start\"]}", CREATE)).isFalse();
        assertThat(matches("{\"container\":[\"obs-ref\"]}", CREATE)).isTrue();
        assertThat(matches("{\"container\":[\"45198f\"]}", CREATE)).as("ID prefix").isTrue();
        assertThat(matches("{\"container\":[\"obs-ref\"]}", CONNECT)).as("not a container event").isFalse();
        assertThat(matches("{\"image\":[\"bb\"]}", CREATE)).as("tag stripped").isTrue();
        assertThat(matches("{\"image\":[\"me/bb:v1\"]}", TAG)).isTrue();
        assertThat(matches("{\"image\":[\"bb\"]}", CONNECT)).isFalse();
        assertThat(matches("{\"label\":[\"team=obs\"]}", CREATE)).isTrue();
        assertThat(matches("{\"label\":[\"team=dev\"]}", CREATE)).isFalse();
        assertThat(matches("{\"network\":[\"none\"]}", CONNECT)).isTrue();
        assertThat(matches("{\"event\":[\"exec_start\"]}", new DockerEvent("container", "exec_start: sh -c ls", "x",
                Map.of(), T))).isTrue();
        assertThat(EventFilter.stripTag("localhost:5000/bb")).isEqualTo("localhost:5000/bb");
        assertThat(EventFilter.stripTag("localhost:5000/bb:1")).isEqualTo("localhost:5000/bb");
    }
}
