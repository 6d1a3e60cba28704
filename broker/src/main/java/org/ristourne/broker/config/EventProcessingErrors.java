package org.ristourne.broker.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.deadletter.Decisions;
import org.ristourne.broker.see.ledger.LedgerReadModels;
import org.ristourne.broker.share.automation.WhenSaleLifecycleThenBookShares;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's default for a failing event handler is to log and move on, which would leave a read model silently short
 * of a row. The ledger's read models instead propagate the failure: the segment backs off and handles the same
 * events again, so a transient failure (a lock timeout, a lost connection) delays the model but never corrupts it.
 * Booking failures go to the dead-letter queue instead (see application.yml), and say so in the log: a parked booking
 * holds back every later event of its sale until an operator deals with it.
 */
@Configuration(proxyBeanMethods = false)
public class EventProcessingErrors {

    private static final Logger log = LoggerFactory.getLogger(EventProcessingErrors.class);

    @Bean
    ConfigurerModule retryFailedReadModelUpdates() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(LedgerReadModels.GROUP,
                        configuration -> PropagatingErrorHandler.instance()));
    }

    @Bean
    ConfigurerModule parkFailedBookingsLoudly() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDeadLetterPolicy(WhenSaleLifecycleThenBookShares.GROUP, configuration -> (letter, cause) -> {
                    log.error("Ledger booking parked in the dead-letter queue ({}): {} {} failed: {}. Later events of"
                                    + " the same sale or payout wait behind it in dead_letter_entry until it is retried.",
                            WhenSaleLifecycleThenBookShares.GROUP, letter.message().getPayloadType().getSimpleName(),
                            letter.message().getIdentifier(), cause.toString());
                    return Decisions.enqueue(cause);
                }));
    }
}
