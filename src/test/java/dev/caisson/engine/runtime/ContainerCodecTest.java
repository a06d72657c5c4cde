package dev.caisson.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.SystemException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON form of a container's metadata, and how it tolerates records of other versions. */
class ContainerCodecTest {
    private final Container full = SampleContainers.full(SampleContainers.id(1), "web");

    @Test
    void roundTripKeepsEverything() {
        String json = ContainerCodec.toJson(full);
        assertThat(ContainerCodec.fromJson(json)).isEqualTo(full);
        assertThat(json).contains("\"created\":\"2024-05-06T07:08:00.000000001Z\"").contains("ünïcode");
    }

    @Test
    void aRecordFromAnOlderVersionLacksFieldsAndGetsTheirDefaults() {
        ObjectNode n = (ObjectNode) JsonMapper.builder().build().readTree(ContainerCodec.toJson(full));
        ((ObjectNode) n.get("state")).remove("restartCount");
        ((ObjectNode) n.get("state")).remove("oomKilled");
        ((ObjectNode) n.get("state")).remove("manuallyStopped");
        ((ObjectNode) n.get("state")).remove("health");
        ((ObjectNode) n.get("spec")).remove("restartPolicy");
        ((ObjectNode) n.get("spec")).remove("init");
        ((ObjectNode) n.get("spec")).remove("stopTimeout");
        ((ObjectNode) n.get("spec")).remove("labels");
        Container c = ContainerCodec.fromJson(n.toString());
        assertThat(c.state().restartCount()).isZero();
        assertThat(c.state().oomKilled()).isFalse();
        assertThat(c.spec().stopTimeout()).isNull();
        assertThat(c.spec().labels()).isEmpty();
        assertThat(c.spec().restartPolicy()).isEqualTo(RestartPolicy.NO);
        assertThat(c.spec().init()).isFalse();
        assertThat(c.state().manuallyStopped()).isFalse();
        assertThat(c.state().health()).isNull();
        assertThat(c.state().exitCode()).isEqualTo(3);
    }

    @Test
    void aRecordFromANewerVersionMayHaveFieldsThisOneDoesNotKnow() {
        ObjectNode n = (ObjectNode) JsonMapper.builder().build().readTree(ContainerCodec.toJson(full));
        ((ObjectNode) n.get("spec")).put("someFutureField", "x");
        n.put("execs", 2);
        assertThat(ContainerCodec.fromJson(n.toString())).isEqualTo(full);
    }

    @Test
    void garbageIsASystemError() {
        assertThatThrownBy(() -> ContainerCodec.fromJson("{not json")).isInstanceOf(SystemException.class)
                .hasMessageStartingWith("decode container metadata");
    }
}
