package dev.caisson.engine.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.caisson.engine.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class ResourcesTest {

    private static String error(Resources r) {
        return assertThrows(InvalidArgumentException.class, () -> r.validate(2, false)).getMessage();
    }

    @Test
    void nanoCpusBecomeQuotaOverDefaultPeriod() {
        Resources r = Resources.none().withNanoCpus(1_500_000_000L);
        assertEquals(150_000L, r.effectiveCpuQuota());
        assertEquals(100_000L, r.effectiveCpuPeriod());
        Resources explicit = Resources.none().withCpuQuota(50_000L).withCpuPeriod(200_000L);
        assertEquals(50_000L, explicit.effectiveCpuQuota());
        assertEquals(200_000L, explicit.effectiveCpuPeriod());
        assertNull(Resources.none().effectiveCpuQuota());
    }

    @Test
    void dockerMessagesForInvalidCombinations() {
        assertEquals("Minimum memory limit allowed is 6MB", error(Resources.none().withMemory(4L << 20)));
        assertEquals("Conflicting options: Nano CPUs and CPU Period cannot both be set",
                error(Resources.none().withNanoCpus(1_000_000_000L).withCpuPeriod(100_000L)));
        assertEquals("Conflicting options: Nano CPUs and CPU Quota cannot both be set",
                error(Resources.none().withNanoCpus(1_000_000_000L).withCpuQuota(100_000L)));
        assertEquals("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available",
                error(Resources.none().withNanoCpus(3_000_000_000L)));
        assertEquals("Minimum memoryswap limit should be larger than memory limit, see usage",
                error(Resources.none().withMemory(64L << 20).withMemorySwap(32L << 20)));
        assertEquals("You should always set the Memory limit when using Memoryswap limit, see usage",
                error(Resources.none().withMemorySwap(64L << 20)));
        assertEquals("Minimum memory limit can not be less than memory reservation limit, see usage",
                error(Resources.none().withMemory(32L << 20).withMemoryReservation(64L << 20)));
        assertEquals("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)",
                error(Resources.none().withCpuPeriod(500L)));
        assertEquals("CPU cfs quota can not be less than 1ms (i.e. 1000)", error(Resources.none().withCpuQuota(999L)));
        assertEquals("Range of blkio weight is from 10 to 1000", error(Resources.none().withBlkioWeight(5)));
    }

    @Test
    void validValuesPassAndUpdateMayChangeSwapAlone() {
        Resources.none().withMemory(6L << 20).withMemorySwap(-1L).withCpuQuota(-1L).validate(2, false);
        Resources.none().withMemorySwap(64L << 20).validate(2, true);
        Resources.none().validate(1, false);
    }

    @Test
    void dockerSwapDefaultIsTwiceMemoryOnlyWhenSwapUnset() {
        assertEquals(64L << 20, Resources.none().withMemory(32L << 20).withDockerSwapDefault().memorySwap());
        assertEquals(-1L, Resources.none().withMemory(32L << 20).withMemorySwap(-1L).withDockerSwapDefault().memorySwap());
        assertNull(Resources.none().withDockerSwapDefault().memorySwap());
    }
}
