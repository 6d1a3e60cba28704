package org.ristourne.broker.share.automation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What an operator does about bookings parked in the dead-letter queue, at {@code /actuator/parkedbookings} behind
 * the operator's credentials. GET lists each parked sale (or customer's payouts) with the first failing event and its
 * cause. POST {@code {"action":"retry"}} books every parked sequence again, in order; a sequence that fails again
 * stays parked. POST {@code {"action":"drop-first","sequence":"<vendor>/<sale>"}} discards the first parked event of
 * that sequence, for an event that should never have been sent (billing funding a sale too early, say), then books
 * the rest of the sequence.
 */
@Component
@Endpoint(id = "parkedbookings")
public class ParkedBookings {

    private static final Logger log = LoggerFactory.getLogger(ParkedBookings.class);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;

    ParkedBookings(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    @ReadOperation
    public Map<String, Object> parked() {
        List<Map<String, Object>> sequences = new ArrayList<>();
        jdbc.query("""
                select d.sequence_identifier, d.payload_type, d.cause_type, d.cause_message, d.enqueued_at, counts.events
                from dead_letter_entry d
                join (select sequence_identifier, min(sequence_index) as first_index, count(*) as events
                      from dead_letter_entry where processing_group = ? group by sequence_identifier) counts
                  on counts.sequence_identifier = d.sequence_identifier and counts.first_index = d.sequence_index
                where d.processing_group = ?
                order by d.enqueued_at
                """, rs -> {
            Map<String, Object> sequence = new LinkedHashMap<>();
            sequence.put("sequence", rs.getString("sequence_identifier"));
            sequence.put("events", rs.getLong("events"));
            sequence.put("firstEvent", simpleName(rs.getString("payload_type")));
            sequence.put("cause", rs.getString("cause_type") + ": " + rs.getString("cause_message"));
            sequence.put("parkedAt", rs.getString("enqueued_at"));
            sequences.add(sequence);
        }, WhenSaleLifecycleThenBookShares.GROUP, WhenSaleLifecycleThenBookShares.GROUP);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("processingGroup", WhenSaleLifecycleThenBookShares.GROUP);
        answer.put("parkedSequences", sequences.size());
        answer.put("sequences", sequences);
        return answer;
    }

    @WriteOperation
    public Map<String, Object> act(String action, @Nullable String sequence) {
        long before = queue().amountOfSequences();
        switch (action) {
            case "retry" -> {
                log.info("Parked bookings: operator retries {} sequences", before);
                for (long i = 0; i < before; i++) {
                    processor().processAny();
                }
            }
            case "drop-first" -> {
                if (sequence == null || sequence.isBlank()) {
                    throw new InvalidEndpointRequestException("drop-first needs the sequence, e.g. \"acme/ord_1\"",
                            "missing sequence");
                }
                dropFirstAndRetry(sequence);
            }
            default -> throw new InvalidEndpointRequestException("action must be retry or drop-first, not " + action,
                    "unknown action");
        }
        Map<String, Object> answer = parked();
        answer.put("parkedSequencesBefore", before);
        return answer;
    }

    private void dropFirstAndRetry(String sequence) {
        Iterator<DeadLetter<? extends EventMessage<?>>> letters = queue().deadLetterSequence(sequence).iterator();
        if (!letters.hasNext()) {
            throw new InvalidEndpointRequestException("no parked booking for sequence " + sequence, "unknown sequence");
        }
        DeadLetter<? extends EventMessage<?>> first = letters.next();
        log.warn("Parked bookings: operator drops {} {} of sequence {} (parked because {})",
                first.message().getPayloadType().getSimpleName(), first.message().getIdentifier(), sequence,
                first.cause().map(cause -> cause.message()).orElse("unknown"));
        queue().evict(first);
        if (letters.hasNext()) {
            String next = letters.next().message().getIdentifier();
            processor().process(letter -> letter.message().getIdentifier().equals(next));
        }
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return processing.deadLetterQueue(WhenSaleLifecycleThenBookShares.GROUP).orElseThrow(
                () -> new IllegalStateException("no dead-letter queue for " + WhenSaleLifecycleThenBookShares.GROUP));
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> processor() {
        return processing.sequencedDeadLetterProcessor(WhenSaleLifecycleThenBookShares.GROUP).orElseThrow(
                () -> new IllegalStateException("no dead-letter processor for " + WhenSaleLifecycleThenBookShares.GROUP));
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
