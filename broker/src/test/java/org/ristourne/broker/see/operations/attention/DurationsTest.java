package org.ristourne.broker.see.operations.attention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} s reads {1}")
    @CsvSource({"0, 0 s", "4, 4 s", "60, 1 min", "90, 1 min 30 s", "3600, 1 h", "7500, 2 h 5 min"})
    void aLagReadsInTheLargestUnitsFirst(long seconds, String text) {
        assertThat(new Durations().text(Duration.ofSeconds(seconds))).isEqualTo(text);
    }
}
