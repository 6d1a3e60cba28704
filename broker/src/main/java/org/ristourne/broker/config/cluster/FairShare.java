package org.ristourne.broker.config.cluster;

import java.util.List;
import java.util.SortedSet;

/** How many of a processor's segments one node should hold when the live nodes share them evenly. */
final class FairShare {

    private FairShare() {
    }

    static int of(int totalSegments, int liveNodes) {
        int nodes = Math.max(1, liveNodes);
        return (totalSegments + nodes - 1) / nodes;
    }

    /** The segments to give back so that this node holds no more than its fair share: the highest-numbered ones. */
    static List<Integer> toRelease(SortedSet<Integer> held, int totalSegments, int liveNodes) {
        int surplus = held.size() - of(totalSegments, liveNodes);
        if (surplus <= 0) {
            return List.of();
        }
        return held.stream().sorted((a, b) -> Integer.compare(b, a)).limit(surplus).toList();
    }
}
