package org.ristourne.broker.see.ledger;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One replay of the ledger's read models that reads the event store once, in order, instead of once per segment
 * thread. The caller has stopped the processor and reset its tokens (which claimed every segment for this node and
 * ran the reset handlers). This reads {@code domain_event_entry} in pages by global index up to the head taken at the
 * start, over plain JDBC: the JPA storage engine materialised every row as an entity, about as costly as parsing it.
 * Events of a type no handler of the group takes are passed over unparsed; the others are deserialized once, by
 * Axon's event serializer and upcasters, and handed to the processor's own handlers and interceptors in batches, one
 * transaction each. With one reader handling everything in order, each customer's events keep their order without
 * the sequencing policy's segments.
 * <p>
 * Each batch stores, in its own transaction, the same token in every segment: the gap-aware token Axon's JPA storage
 * engine would have built reading the same rows (same gap rules), so the processor resumes right after what was
 * replayed, and handles events stored meanwhile, including those committed late below the head (its gaps), once.
 * Should the replay stop half-way, the processor simply goes on from the last batch stored.
 */
final class SingleReadReplay {

    /** Axon's JPA storage engine defaults, which the event store keeps (see EventStoreConfig). */
    private static final int MAX_GAP_OFFSET = 10_000;
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;
    private static final long GAP_TIMEOUT_MILLIS = 60_000;

    private static final String PAGE = """
            select global_index, type, aggregate_identifier, sequence_number, event_identifier, time_stamp,
                payload_type, payload_revision, payload, meta_data
            from domain_event_entry where global_index > ? and global_index <= ? order by global_index limit ?
            """;

    private final AbstractEventProcessor processor;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final int batchSize;
    private final long head;
    private volatile long position = -1;
    private volatile long handled;

    SingleReadReplay(AbstractEventProcessor processor, TokenStore tokens, TransactionManager transactions,
                     JdbcTemplate jdbc, Serializer serializer, EventUpcaster upcasters, int batchSize, long head) {
        this.processor = processor;
        this.tokens = tokens;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.upcasters = upcasters;
        this.batchSize = batchSize;
        this.head = head;
    }

    long head() {
        return head;
    }

    /** The global index up to which every event is handled and committed. */
    long position() {
        return position;
    }

    long handled() {
        return handled;
    }

    /** Replays every event up to the head; answers the token stored in every segment, null if the store is empty. */
    @Nullable GapAwareTrackingToken run() throws Exception {
        EventHandlerInvoker invoker = processor.eventHandlerInvoker();
        int[] segments = transactions.fetchInTransaction(() -> tokens.fetchSegments(processor.getName()));
        if (segments.length == 0) {
            throw new IllegalStateException("no token of " + processor.getName() + " to store the replay in; start"
                    + " the processor once first");
        }
        GapAwareTrackingToken token = null;
        long after = 0;
        while (after < head) {
            List<TrackedDomainEventData<byte[]>> page = new ArrayList<>(batchSize);
            GapAwareTrackingToken[] last = {token};
            long from = after;
            jdbc.query(connection -> {
                PreparedStatement statement = connection.prepareStatement(PAGE);
                statement.setLong(1, from);
                statement.setLong(2, head);
                statement.setInt(3, batchSize);
                return statement;
            }, rs -> {
                long index = rs.getLong("global_index");
                String eventIdentifier = rs.getString("event_identifier");
                String aggregateIdentifier = rs.getString("aggregate_identifier");
                GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(rs.getString("type"),
                        eventIdentifier.equals(aggregateIdentifier) ? null : aggregateIdentifier,
                        rs.getLong("sequence_number"), eventIdentifier, rs.getString("time_stamp"),
                        rs.getString("payload_type"), rs.getString("payload_revision"), rs.getBytes("payload"),
                        rs.getBytes("meta_data"));
                last[0] = advance(last[0], index, entry);
                page.add(new TrackedDomainEventData<>(last[0], entry));
            });
            if (page.isEmpty()) {
                break;
            }
            token = last[0];
            List<TrackedEventMessage<?>> batch = EventUtils.upcastAndDeserializeTrackedEvents(page.stream(),
                    serializer, upcasters).filter(event -> invoker.canHandleType(event.getPayloadType()))
                    .collect(Collectors.toList());
            handle(batch, token, segments);
            after = token.getIndex();
            position = after;
            handled += batch.size();
        }
        if (token != null) {
            GapAwareTrackingToken stored = token;
            transactions.executeInTransaction(() -> store(stored, segments));
        }
        return token;
    }

    /** The token after reading the event at {@code index}, as the JPA storage engine computes it. */
    private static GapAwareTrackingToken advance(@Nullable GapAwareTrackingToken token, long index,
                                                 GenericDomainEventEntry<byte[]> entry) {
        boolean noGap = token != null && token.getGaps().isEmpty() && index == token.getIndex() + 1;
        if (noGap) {
            return GapAwareTrackingToken.newInstance(index, Collections.emptySortedSet());
        }
        // Only a gap needs the timestamp: events older than the gap timeout leave none (Axon's rule).
        boolean allowGaps = entry.getTimestamp().isAfter(
                GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MILLIS));
        if (token == null) {
            return GapAwareTrackingToken.newInstance(index, allowGaps
                    ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, index), index).boxed()
                    .collect(Collectors.toCollection(TreeSet::new))
                    : Collections.emptySortedSet());
        }
        return token.advanceTo(index, allowGaps ? MAX_GAP_OFFSET : 0);
    }

    /**
     * The batch through the processor's interceptors to its handlers, in one unit of work and transaction, which
     * also stores the token in every segment. The processor's own interceptor (the first it registers) stores its
     * batch's token in the one segment it processes, from resources of the unit of work: it gets the replay's token
     * and the first segment, which the replay stores anyway.
     */
    private void handle(List<TrackedEventMessage<?>> batch, GapAwareTrackingToken token, int[] segments)
            throws Exception {
        if (batch.isEmpty()) {
            transactions.executeInTransaction(() -> store(token, segments));
            return;
        }
        UnitOfWork<? extends EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.resources().put("Processor[" + processor.getName() + "]/SegmentId", segments[0]);
        unitOfWork.resources().put("Processor[" + processor.getName() + "]/Token", token);
        unitOfWork.onPrepareCommit(work -> store(token, segments));
        EventHandlerInvoker invoker = processor.eventHandlerInvoker();
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork,
                processor.getHandlerInterceptors(), message -> {
                    invoker.handle(message, Segment.ROOT_SEGMENT);
                    return null;
                }).proceed(), RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof Exception exception ? exception : new IllegalStateException(failure);
        }
    }

    private void store(GapAwareTrackingToken token, int[] segments) {
        for (int segment : segments) {
            tokens.storeToken(token, processor.getName(), segment);
        }
    }
}
