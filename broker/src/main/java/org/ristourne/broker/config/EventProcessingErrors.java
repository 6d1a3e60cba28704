package org.ristourne.broker.config;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.ristourne.broker.see.ledger.LedgerReadModels;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's default for a failing event handler is to log and move on, which would leave a read model silently short
 * of a row. The ledger's read models instead propagate the failure: the segment backs off and handles the same
 * events again, so a transient failure (a lock timeout, a lost connection) delays the model but never corrupts it.
 * Booking failures go to the dead-letter queue instead (see application.yml).
 */
@Configuration(proxyBeanMethods = false)
public class EventProcessingErrors {

    @Bean
    ConfigurerModule retryFailedReadModelUpdates() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(LedgerReadModels.GROUP,
                        configuration -> PropagatingErrorHandler.instance()));
    }
}
