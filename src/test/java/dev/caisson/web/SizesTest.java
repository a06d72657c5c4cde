package dev.caisson.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sizes as the docker CLI's tables and `docker info` print them. */
class SizesTest {
    @Test
    void humanHasThreeSignificantDigitsInDecimalUnits() {
        assertThat(Sizes.human(0)).isEqualTo("0B");
        assertThat(Sizes.human(999)).isEqualTo("999B");
        assertThat(Sizes.human(4_340_000)).isEqualTo("4.34MB");
        assertThat(Sizes.human(1_985_536)).isEqualTo("1.99MB");
        assertThat(Sizes.human(100_000_000)).as("trailing zeros of the integer part stay").isEqualTo("100MB");
        assertThat(Sizes.human(10_000)).isEqualTo("10kB");
    }

    @Test
    void binaryHasFourSignificantDigitsInBinaryUnits() {
        assertThat(Sizes.binary(25_275_985_920L)).isEqualTo("23.54GiB");
        assertThat(Sizes.binary(1024)).isEqualTo("1KiB");
    }
}
