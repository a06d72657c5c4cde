package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.cgroup.CgroupStats;
import dev.caisson.engine.network.InterfaceCounters;
import dev.caisson.engine.runtime.Container;
import dev.caisson.engine.runtime.ContainerSpec;
import dev.caisson.engine.runtime.ContainerState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ContainerStatsViewTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ID = "4606d733b2b706cd46da93c2c6f883aa5f4fd1b680ed39c3bb1517dcb2b82b38";
    private static final long MEM_TOTAL = 25276510208L;
    private static final Container C = new Container(ID, "obs-stopped", Instant.EPOCH, "sha256:x",
            ContainerSpec.builder("bb:latest").build(),
            new Container.Config(List.of(), List.of("true"), List.of(), "", "", "h", "", "SIGTERM"), ContainerState.created());

    /** What Docker 20.10 answered for a created container (stream=false). */
    private static final String DOCKER_ZERO = "{\"read\":\"0001-01-01T00:00:00Z\",\"preread\":\"0001-01-01T00:00:00Z\","
            + "\"pids_stats\":{},\"blkio_stats\":{\"io_service_bytes_recursive\":null,\"io_serviced_recursive\":null,"
            + "\"io_queue_recursive\":null,\"io_service_time_recursive\":null,\"io_wait_time_recursive\":null,"
            + "\"io_merged_recursive\":null,\"io_time_recursive\":null,\"sectors_recursive\":null},\"num_procs\":0,"
            + "\"storage_stats\":{},\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,"
            + "\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},"
            + "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},"
            + "\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},\"memory_stats\":{},"
            + "\"name\":\"/obs-stopped\",\"id\":\"" + ID + "\"}";

    private static CgroupStats sample(long limit, List<Long> perCpu) {
        return new CgroupStats(868352, 3813376, limit, 0,
                Map.of("rss", 114688L, "cache", 0L, "swap", 0L, "shmem", 0L, "total_rss", 114688L, "anon", 5L),
                0, 37184386, perCpu, 10_000_000, 20_000_000, 3, 1, 500, 2, 0,
                List.of(new CgroupStats.BlkioEntry(8, 0, "Read", 4096)), List.of());
    }

    @Test
    void aStoppedContainerGetsDockersZeroDocument() {
        assertThat(JSON.writeValueAsString(ContainerStatsView.zero(C))).isEqualTo(DOCKER_ZERO);
    }

    @Test
    void v1LooksLikeDockersV1() {
        Instant t0 = Instant.parse("2026-11-28T05:43:08Z");
        var pre = new ContainerStatsView.Sample(t0, sample(Long.MAX_VALUE, List.of(1L, 2L)), new HostStats(100, 2), Map.of());
        var now = new ContainerStatsView.Sample(t0.plusSeconds(1), sample(9223372036854771712L, List.of(3L, 4L)),
                new HostStats(200, 2), Map.of());
        JsonNode doc = JSON.valueToTree(ContainerStatsView.render(C, now, pre, 1, MEM_TOTAL));
        assertThat(doc.get("read").asString()).isEqualTo("2026-11-28T05:43:09Z");
        assertThat(doc.get("preread").asString()).isEqualTo("2026-11-28T05:43:08Z");
        assertThat(doc.at("/memory_stats/limit").asLong()).as("unlimited shows the host's memory").isEqualTo(MEM_TOTAL);
        assertThat(doc.at("/memory_stats/max_usage").asLong()).isEqualTo(3813376);
        assertThat(doc.at("/memory_stats/stats").propertyNames()).containsExactlyInAnyOrder("rss", "cache", "total_rss");
        assertThat(doc.at("/cpu_stats/cpu_usage/percpu_usage").toString()).isEqualTo("[3,4]");
        assertThat(doc.at("/cpu_stats/system_cpu_usage").asLong()).isEqualTo(200);
        assertThat(doc.at("/precpu_stats/system_cpu_usage").asLong()).isEqualTo(100);
        assertThat(doc.at("/cpu_stats/cpu_usage/usage_in_usermode").asLong()).isEqualTo(10_000_000);
        assertThat(doc.at("/cpu_stats/throttling_data/throttled_time").asLong()).isEqualTo(500);
        assertThat(doc.at("/blkio_stats/io_service_bytes_recursive").toString())
                .isEqualTo("[{\"major\":8,\"minor\":0,\"op\":\"Read\",\"value\":4096}]");
        assertThat(doc.at("/blkio_stats/sectors_recursive").toString()).isEqualTo("[]");
        assertThat(doc.get("pids_stats").toString()).isEqualTo("{\"current\":2}");
        assertThat(doc.has("networks")).as("network none: no networks").isFalse();
        assertThat(doc.get("name").asString()).isEqualTo("/obs-stopped");
    }

    @Test
    void oneShotHasNoPreviousReadingAndV2HasV2Fields() {
        var now = new ContainerStatsView.Sample(Instant.now(), sample(64L << 20, List.of()), new HostStats(1, 2),
                Map.of("eth0", new InterfaceCounters(1200, 12, 0, 1, 3400, 34, 0, 0)));
        JsonNode doc = JSON.valueToTree(ContainerStatsView.render(C, now, null, 2, MEM_TOTAL));
        assertThat(doc.get("networks").toString()).as("Docker's names and order").isEqualTo("{\"eth0\":{\"rx_bytes\":1200,"
                + "\"rx_packets\":12,\"rx_errors\":0,\"rx_dropped\":1,\"tx_bytes\":3400,\"tx_packets\":34,"
                + "\"tx_errors\":0,\"tx_dropped\":0}}");
        assertThat(doc.get("preread").asString()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(doc.get("precpu_stats").toString()).isEqualTo("{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,"
                + "\"usage_in_usermode\":0},\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}}");
        assertThat(doc.at("/memory_stats/limit").asLong()).isEqualTo(64L << 20);
        assertThat(doc.at("/memory_stats").has("max_usage")).isFalse();
        assertThat(doc.at("/memory_stats/stats/anon").asLong()).isEqualTo(5);
        assertThat(doc.at("/memory_stats/stats").has("workingset_refault")).isTrue();
        assertThat(doc.at("/cpu_stats/cpu_usage").has("percpu_usage")).isFalse();
        assertThat(doc.at("/blkio_stats/io_serviced_recursive").isNull()).isTrue();
    }
}
