package dev.caisson.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.ConflictException;
import dev.caisson.engine.cgroup.Resources;

class ResourceUpdateTest {
    private static final Resources LIMITED = Resources.none().withMemory(32L << 20).withMemorySwap(64L << 20);

    @Test
    void absentOrZeroFieldsKeepTheirValue() {
        Resources r = ResourceUpdate.merge("c", LIMITED, Resources.none().withMemory(48L << 20).withCpuShares(0L));
        assertThat(r.memory()).isEqualTo(48L << 20);
        assertThat(r.memorySwap()).isEqualTo(64L << 20);
        assertThat(r.cpuShares()).isNull();
        assertThat(ResourceUpdate.merge("c", LIMITED, Resources.none().withCpusetCpus(""))).isEqualTo(LIMITED);
    }

    @Test
    void memoryAboveTheRecordedSwapLimitNeedsSwapToo() {
        assertThatThrownBy(() -> ResourceUpdate.merge("c1", LIMITED, Resources.none().withMemory(100L << 20)))
                .isInstanceOf(ConflictException.class).hasMessage("Cannot update container c1: Memory limit should be "
                        + "smaller than already set memoryswap limit, update the memoryswap at the same time");
        // Docker compares with the recorded value: without a recorded swap limit every new memory limit needs one
        assertThatThrownBy(() -> ResourceUpdate.merge("c1", Resources.none(), Resources.none().withMemory(32L << 20)))
                .isInstanceOf(ConflictException.class);
        Resources r = ResourceUpdate.merge("c1", Resources.none(),
                Resources.none().withMemory(32L << 20).withMemorySwap(-1L));
        assertThat(r.memorySwap()).isEqualTo(-1L);
    }

    @Test
    void nanoCpusAndCfsSettingsExcludeEachOther() {
        Resources nano = Resources.none().withNanoCpus(500_000_000L);
        assertThatThrownBy(() -> ResourceUpdate.merge("c", nano, Resources.none().withCpuPeriod(50_000L)))
                .hasMessageEndingWith("CPU Period cannot be updated as NanoCPUs has already been set");
        assertThatThrownBy(() -> ResourceUpdate.merge("c", nano, Resources.none().withCpuQuota(50_000L)))
                .hasMessageEndingWith("CPU Quota cannot be updated as NanoCPUs has already been set");
        Resources quota = Resources.none().withCpuQuota(50_000L);
        assertThatThrownBy(() -> ResourceUpdate.merge("c", quota, nano))
                .hasMessageEndingWith("Nano CPUs cannot be updated as CPU Quota has already been set");
    }

    @Test
    void pidsLimitZeroOrNegativeMeansUnlimited() {
        assertThat(ResourceUpdate.merge("c", Resources.none().withPidsLimit(50L), Resources.none().withPidsLimit(-1L))
                .pidsLimit()).isZero();
        assertThat(ResourceUpdate.merge("c", Resources.none(), Resources.none().withPidsLimit(50L)).pidsLimit()).isEqualTo(50L);
    }
}
