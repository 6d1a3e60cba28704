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
 * cause. POST {@code {"action":"retry"}} books every parked sequence again, in order (with a {@code "sequence"}, that
 * one only); a sequence that fails again stays parked. POST {@code {"action":"drop-first","sequence":"<vendor>/<sale>"}} discards the first parked event of
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

    /** One parked sequence: its first event (the one that failed), why, when, and how many events wait behind it. */
    public record ParkedSequence(String sequence, long events, String firstEvent, String cause, String parkedAt) {
    }

    @ReadOperation
    public Map<String, Object> parked() {
        List<Map<String, Object>> sequences = new ArrayList<>();
        for (ParkedSequence parked : sequences()) {
            Map<String, Object> sequence = new LinkedHashMap<>();
            sequence.put("sequence", parked.sequence());
            sequence.put("events", parked.events());
            sequence.put("firstEvent", parked.firstEvent());
            sequence.put("cause", parked.cause());
            sequence.put("parkedAt", parked.parkedAt());
            sequences.add(sequence);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("processingGroup", WhenSaleLifecycleThenBookShares.GROUP);
        answer.put("parkedSequences", sequences.size());
        answer.put("sequences", sequences);
        return answer;
    }

    /** The parked sequences, the longest parked first. */
    public List<ParkedSequence> sequences() {
        return jdbc.query("""
                select d.sequence_identifier, d.payload_type, d.cause_type, d.cause_message, d.enqueued_at, counts.events
                from dead_letter_entry d
                join (select sequence_identifier, min(sequence_index) as first_index, count(*) as events
                      from dead_letter_entry where processing_group = ? group by sequence_identifier) counts
                  on counts.sequence_identifier = d.sequence_identifier and counts.first_index = d.sequence_index
                where d.processing_group = ?
                order by d.enqueued_at
                """, (rs, row) -> new ParkedSequence(rs.getString("sequence_identifier"), rs.getLong("events"),
                simpleName(rs.getString("payload_type")), rs.getString("cause_type") + ": "
                + rs.getString("cause_message"), rs.getString("enqueued_at")),
                WhenSaleLifecycleThenBookShares.GROUP, WhenSaleLifecycleThenBookShares.GROUP);
    }

    @WriteOperation
    public Map<String, Object> act(String action, @Nullable String sequence) {
        long before = queue().amountOfSequences();
        switch (action) {
            case "retry" -> {
                if (sequence == null || sequence.isBlank()) {
                    retryAll();
                } else {
                    retry(sequence);
                }
            }
            case "drop-first" -> {
                if (sequence == null || sequence.isBlank()) {
                    throw new InvalidEndpointRequestException("drop-first needs the sequence, e.g. \"acme/ord_1\"",
                            "missing sequence");
                }
                dropFirst(sequence);
            }
            default -> throw new InvalidEndpointRequestException("action must be retry or drop-first, not " + action,
                    "unknown action");
        }
        Map<String, Object> answer = parked();
        answer.put("parkedSequencesBefore", before);
        return answer;
    }

    /** Books every parked sequence again, in order; one that fails again stays parked. */
    public void retryAll() {
        long sequences = queue().amountOfSequences();
        log.info("Parked bookings: operator retries {} sequences", sequences);
        for (long i = 0; i < sequences; i++) {
            processor().processAny();
        }
    }

    /** Books one parked sequence again; it stays parked if it fails again. */
    public void retry(String sequence) {
        String first = firstLetter(sequence).message().getIdentifier();
        log.info("Parked bookings: operator retries sequence {}", sequence);
        // The processor offers each sequence's first letter to the filter: this one matches only the chosen sequence.
        processor().process(letter -> letter.message().getIdentifier().equals(first));
    }

    /** Discards the first parked event of the sequence, then books the rest of it. */
    public void dropFirst(String sequence) {
        Iterator<DeadLetter<? extends EventMessage<?>>> letters = letters(sequence);
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

    private DeadLetter<? extends EventMessage<?>> firstLetter(String sequence) {
        return letters(sequence).next();
    }

    private Iterator<DeadLetter<? extends EventMessage<?>>> letters(String sequence) {
        Iterator<DeadLetter<? extends EventMessage<?>>> letters = queue().deadLetterSequence(sequence).iterator();
        if (!letters.hasNext()) {
            throw new InvalidEndpointRequestException("no parked booking for sequence " + sequence, "unknown sequence");
        }
        return letters;
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
