package org.ristourne.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
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
                            !status.isErrorState() && status.getCurrentPosition().orElse(-1L) >= newest));
            // An event handled meanwhile may have appended more (a booking's posting): caught up only if not.
            return caughtUp && java.util.Objects.equals(head,
                    jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class));
        });
    }
}
