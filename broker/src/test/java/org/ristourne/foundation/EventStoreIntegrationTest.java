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
import org.ristourne.broker.payback.vendorinvoice.VendorInvoicing;
import org.ristourne.broker.share.book.SaleBook;
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

    /**
     * Only vendor invoicing takes snapshots, so only its streams are looked up in the snapshot table: any other stream
     * is read whole, which is always correct since the store keeps every event.
     */
    @Test
    void snapshotsAreReadOnlyForTheStreamsThatTakeThem() {
        String invoicing = VendorInvoicing.PREFIX + "probe-" + UUID.randomUUID();
        String book = SaleBook.PREFIX + "probe-" + UUID.randomUUID();
        for (String aggregateId : List.of(invoicing, book)) {
            transactions.executeWithoutResult(status -> {
                for (int sequence = 0; sequence < 3; sequence++) {
                    eventStore.publish(new GenericDomainEventMessage<>("Probe", aggregateId, sequence,
                            new ProbeRecorded(aggregateId, sequence, Instant.now())));
                }
            });
            transactions.executeWithoutResult(status -> eventStore.storeSnapshot(new GenericDomainEventMessage<>(
                    "Probe", aggregateId, 1, new ProbeRecorded(aggregateId, 99, Instant.now()))));
        }

        assertThat(eventStore.readEvents(invoicing).asStream().map(DomainEventMessage::getSequenceNumber))
                .as("from its snapshot at sequence 1").containsExactly(1L, 2L);
        assertThat(eventStore.readEvents(book).asStream().map(DomainEventMessage::getSequenceNumber))
                .as("whole, its snapshot never read").containsExactly(0L, 1L, 2L);
    }
}
