package org.ristourne.broker.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.ristourne.broker.share.automation.WhenSaleLifecycleThenBookShares;
import org.ristourne.broker.support.PassingFailure;
import org.ristourne.broker.support.StoreUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's default for a failing event handler is to log and move on, which would leave a read model silently short
 * of a row. Every group here propagates the failure instead. The directory and the catalogue, subscribing groups,
 * fail the command whose event they could not record, in its own transaction. The ledger's read models, a tracking
 * group, back off and handle the same events again, so a transient failure (a lock timeout, a lost connection)
 * delays the model but never corrupts it.
 * <p>
 * Bookings have a dead-letter queue (see application.yml), but only for what will fail again however often it is
 * tried: a broken rule, an id clash, a bug. Those are parked, and say so in the log, the parked-bookings metric and
 * health: a parked booking holds back every later event of its sale until an operator deals with it. A failure that
 * passes on its own ({@link PassingFailure}) is never parked: the policy throws it on instead of deciding, which
 * Axon's dead-lettering invoker lets through to the tracking processor. The processor rolls the whole batch back
 * (so nothing of it is half booked), releases the segment, waits 1, 2, 4… up to 60 s and handles the batch again.
 * {@code Decisions.doNotEnqueue()} would not do: the invoker then logs and skips the event, losing the booking.
 */
@Configuration(proxyBeanMethods = false)
public class EventProcessingErrors {

    private static final Logger log = LoggerFactory.getLogger(EventProcessingErrors.class);

    @Bean
    ConfigurerModule propagateFailedReadModelUpdates() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance()));
    }

    @Bean
    ConfigurerModule parkRefusedBookingsRetryPassingFailures() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDeadLetterPolicy(WhenSaleLifecycleThenBookShares.GROUP,
                        configuration -> EventProcessingErrors::decide));
    }

    static EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        String event = letter.message().getPayloadType().getSimpleName() + " " + letter.message().getIdentifier();
        if (retryingParkedLetter()) {
            // The operator's retry of a parked sequence failed again: it stays parked, whatever the cause.
            log.warn("Ledger booking still parked ({}): {} failed again: {}", WhenSaleLifecycleThenBookShares.GROUP,
                    event, cause.toString());
            return Decisions.requeue(cause);
        }
        if (PassingFailure.isCause(cause)) {
            log.warn("Ledger booking {} failed for a passing reason ({}); its batch rolls back and is booked again"
                    + " after the processor's back-off", event, StoreUnavailable.describe(cause));
            throw new BookingToRetry(cause);
        }
        log.error("Ledger booking parked in the dead-letter queue ({}): {} failed: {}. Later events of"
                        + " the same sale or payout wait behind it in dead_letter_entry until it is retried.",
                WhenSaleLifecycleThenBookShares.GROUP, event, cause.toString());
        return Decisions.enqueue(cause);
    }

    /** Axon puts the letter in the unit of work's resources while it processes a letter taken from the queue. */
    private static boolean retryingParkedLetter() {
        return CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().resources().containsKey(DeadLetter.class.getName());
    }

    /** Carries a passing failure out of the dead-letter policy to the tracking processor, which retries the batch. */
    static final class BookingToRetry extends RuntimeException {
        BookingToRetry(Throwable cause) {
            super("booking failed for a passing reason, to be retried: " + cause, cause);
        }
    }
}
