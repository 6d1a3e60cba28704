package org.ristourne.support;

import java.time.Duration;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.jdbc.core.JdbcTemplate;

/** Waits for the asynchronous event processors, so that a test reads what they write only once they are done. */
public final class Processors {

    private Processors() {
    }

    /** Every streaming processor has handled every event stored so far. */
    public static void awaitCaughtUp(EventProcessingConfiguration processing, JdbcTemplate jdbc, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
            long newest = head == null ? -1 : head;
            boolean caughtUp = processing.eventProcessors().values().stream()
                    .filter(StreamingEventProcessor.class::isInstance)
                    .map(StreamingEventProcessor.class::cast)
                    .allMatch(processor -> processor.isRunning() && !processor.processingStatus().isEmpty()
                            && processor.processingStatus().values().stream().allMatch(status ->
                            !status.isErrorState() && status.getCurrentPosition().orElse(-1L) >= newest
                                    && !waitsForAStoredEvent(status, jdbc)));
            // An event handled meanwhile may have appended more (a booking's posting): caught up only if not.
            return caughtUp && Objects.equals(head,
                    jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class));
        });
    }

    /**
     * Whether the segment passed over an event that was not yet committed when it read on (a gap in its token) and that
     * is stored now: its position is beyond it, yet it has not handled it. Concurrent writers (two processors sending
     * commands at once) commit global indexes out of order, so a position at the head does not prove that much.
     */
    private static boolean waitsForAStoredEvent(EventTrackerStatus status, JdbcTemplate jdbc) {
        TrackingToken token = WrappedToken.unwrapLowerBound(status.getTrackingToken());
        if (!(token instanceof GapAwareTrackingToken gapAware) || gapAware.getGaps().isEmpty()) {
            return false;
        }
        Long stored = jdbc.queryForObject("select count(*) from domain_event_entry where global_index between ? and ?"
                + " and global_index <= ?", Long.class, gapAware.getGaps().first(), gapAware.getGaps().last(),
                gapAware.getIndex());
        if (stored == null || stored == 0) {
            return false;
        }
        return gapAware.getGaps().stream().anyMatch(gap -> Objects.equals(1L, jdbc.queryForObject(
                "select count(*) from domain_event_entry where global_index = ?", Long.class, gap)));
    }
}
