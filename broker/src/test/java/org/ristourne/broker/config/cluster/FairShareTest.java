package org.ristourne.broker.config.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FairShareTest {

    @Test
    void aLoneNodeKeepsEverySegment() {
        assertThat(FairShare.toRelease(segments(0, 16), 16, 1)).isEmpty();
    }

    @Test
    void theFirstOfTwoNodesGivesBackHalfItsSegmentsHighestFirst() {
        assertThat(FairShare.toRelease(segments(0, 16), 16, 2)).containsExactly(15, 14, 13, 12, 11, 10, 9, 8);
    }

    @Test
    void anUnevenSplitLetsEachNodeRoundUp() {
        assertThat(FairShare.of(16, 3)).isEqualTo(6);
        assertThat(FairShare.toRelease(segments(0, 7), 16, 3)).containsExactly(6);
        assertThat(FairShare.toRelease(segments(0, 6), 16, 3)).isEmpty();
    }

    @Test
    void aNodeHoldingLessThanItsShareReleasesNothing() {
        assertThat(FairShare.toRelease(segments(8, 12), 16, 2)).isEmpty();
    }

    @Test
    void aNodeTimeoutShorterThanTwoHeartbeatsIsRefused() {
        assertThatThrownBy(() -> new ClusterProperties(Duration.ofSeconds(5), Duration.ofSeconds(6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ristourne.cluster.node-timeout");
    }

    private static TreeSet<Integer> segments(int fromInclusive, int toExclusive) {
        return IntStream.range(fromInclusive, toExclusive).boxed().collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
    }
}
