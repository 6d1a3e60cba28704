package org.ristourne.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.ledger.sale.ShareBookException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which booking failures the dead-letter policy parks, and which it sends back to the processor to retry. */
class EventProcessingErrorsTest {

    private static final EventMessage<?> BOOKING = GenericEventMessage.asEventMessage("a sale reported");

    enum Refusal {
        RULE_VIOLATION(() -> new RuleViolation("refund-exceeds-sale", "refund beyond what remains")),
        SHARE_BOOK(() -> new ShareBookException("cannot be funded while PENDING")),
        ID_CLASH(() -> new DuplicateKeyException("posting id already recorded with other content")),
        BUG(() -> new NullPointerException("a bug fails again however often it is retried"));

        final Supplier<RuntimeException> failure;

        Refusal(Supplier<RuntimeException> failure) {
            this.failure = failure;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Refusal.class)
    void aFailureThatWouldRecurIsParked(Refusal refusal) {
        RuntimeException failure = refusal.failure.get();

        EnqueueDecision<EventMessage<?>> decision = firstTime(failure);

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(decision.enqueueCause()).contains(failure);
    }

    @Test
    void aPassingFailureIsThrownToTheProcessorInsteadOfParked() {
        CannotAcquireLockException lockTimeout = new CannotAcquireLockException("Lock wait timeout exceeded");

        assertThatThrownBy(() -> firstTime(lockTimeout))
                .isInstanceOf(EventProcessingErrors.BookingToRetry.class).hasCause(lockTimeout);
    }

    @Test
    void aParkedBookingRetriedByTheOperatorStaysParkedWhenTheDatabaseFailsAgain() {
        RuntimeException outage = new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("Connection is not available"));
        DeadLetter<EventMessage<?>> parked = new GenericDeadLetter<>("acme/ord_1", BOOKING, new RuleViolation("x", "y"));
        UnitOfWork<?> retry = DefaultUnitOfWork.startAndGet(BOOKING);
        retry.resources().put(DeadLetter.class.getName(), parked);
        try {
            EnqueueDecision<EventMessage<?>> decision = EventProcessingErrors.decide(parked, outage);

            assertThat(decision.shouldEnqueue()).as("stays in the queue").isTrue();
            assertThat(decision.enqueueCause()).contains(outage);
        } finally {
            retry.rollback();
        }
    }

    private static EnqueueDecision<EventMessage<?>> firstTime(Throwable failure) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(BOOKING);
        try {
            return EventProcessingErrors.decide(new GenericDeadLetter<>("acme/ord_1", BOOKING, failure), failure);
        } finally {
            batch.rollback();
        }
    }
}
