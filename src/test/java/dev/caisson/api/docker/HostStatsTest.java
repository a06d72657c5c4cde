package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostStatsTest {
    @Test
    void systemCpuIsTheFirstSevenFieldsInNanosAndCpusAreThePerCpuLines() {
        HostStats h = HostStats.parse("""
                cpu  100 2 30 1000 5 6 7 8 0 0
                cpu0 50 1 15 500 2 3 3 4 0 0
                cpu1 50 1 15 500 3 3 4 4 0 0
                intr 12345
                ctxt 999
                """);
        // user+nice+system+idle+iowait+irq+softirq = 1150 ticks; steal (8) is not counted, as in Docker
        assertThat(h.systemCpuNanos()).isEqualTo(1150L * 10_000_000L);
        assertThat(h.onlineCpus()).isEqualTo(2);
    }

    @Test
    void theHostsOwnFiguresAreThere() {
        assertThat(HostStats.read().onlineCpus()).isPositive();
        assertThat(HostStats.memTotal()).isGreaterThan(1L << 20);
    }
}
