package org.ristourne.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Appends events to Axon's JPA event store and reads them back, on each database the broker supports. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
abstract class EventStoreIntegrationTest {

    @Autowired
    EventStore eventStore;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void appendedEventsAreReadBackInOrderWithTheirPayloads() {
        String aggregateId = "probe-" + UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ProbeRecorded> payloads = List.of(
                new ProbeRecorded(aggregateId, 12_999, at),
                new ProbeRecorded(aggregateId, -5_000, at.plusSeconds(1)),
                new ProbeRecorded(aggregateId, Long.MAX_VALUE, at.plusSeconds(2)));

        transactions.executeWithoutResult(status -> {
            for (int sequence = 0; sequence < payloads.size(); sequence++) {
                eventStore.publish(new GenericDomainEventMessage<>("Probe", aggregateId, sequence, payloads.get(sequence)));
            }
        });

        List<? extends DomainEventMessage<?>> readBack = eventStore.readEvents(aggregateId).asStream().toList();
        assertThat(readBack).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(readBack.stream().map(message -> (Object) message.getPayload()).toList())
                .containsExactlyElementsOf(payloads);
    }

    @Test
    void globalIndexesIncreaseInAppendOrder() {
        String first = "probe-" + UUID.randomUUID();
        String second = "probe-" + UUID.randomUUID();
        transactions.executeWithoutResult(status -> eventStore.publish(
                new GenericDomainEventMessage<>("Probe", first, 0, new ProbeRecorded(first, 1, Instant.now()))));
        transactions.executeWithoutResult(status -> eventStore.publish(
                new GenericDomainEventMessage<>("Probe", second, 0, new ProbeRecorded(second, 2, Instant.now()))));

        Long firstIndex = jdbc.queryForObject(
                "select global_index from domain_event_entry where aggregate_identifier = ?", Long.class, first);
        Long secondIndex = jdbc.queryForObject(
                "select global_index from domain_event_entry where aggregate_identifier = ?", Long.class, second);
        // An identity column gives consecutive indexes; Axon's default pooled sequence would not guarantee this.
        assertThat(secondIndex).isEqualTo(firstIndex + 1);
    }
}
