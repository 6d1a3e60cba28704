package org.ristourne.broker.payback;

import org.ristourne.billing.api.CustomerCredits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the payout saga to billing's credits when billing offers them, and says so plainly when it does not. */
@Configuration(proxyBeanMethods = false)
class PaybackConfig {

    private static final Logger log = LoggerFactory.getLogger(PaybackConfig.class);

    @Bean
    StripeCredits stripeCredits(ObjectProvider<CustomerCredits> credits) {
        CustomerCredits port = credits.getIfUnique();
        if (port == null) {
            log.warn("Stripe is not configured: payable rebates are reserved as payouts but nobody is credited"
                    + " until billing's Stripe adapter is configured");
        }
        return new StripeCredits(port);
    }
}
