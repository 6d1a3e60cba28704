package org.ristourne.broker.payback;

import org.ristourne.billing.api.CustomerCredits;
import org.ristourne.billing.credit.StripeCustomerCredits;
import org.ristourne.billing.stripe.StripeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the payout saga to billing's Stripe credits when Stripe is configured, and says so plainly when it is not. A
 * {@link CustomerCredits} bean of the application's own (a test's scripted one) takes precedence.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StripeProperties.class)
class PaybackConfig {

    private static final Logger log = LoggerFactory.getLogger(PaybackConfig.class);

    @Bean
    StripeSettings stripeSettings(StripeProperties properties) {
        return properties.settings();
    }

    @Bean
    StripeCredits stripeCredits(ObjectProvider<CustomerCredits> credits, StripeSettings settings) {
        CustomerCredits port = credits.getIfUnique();
        if (port == null && settings.isConfigured()) {
            port = StripeCustomerCredits.connectedTo(settings);
            log.info("Stripe is configured ({}): payouts are credited to customers' Stripe balances", settings.apiBase());
        }
        if (port == null) {
            log.warn("Stripe is not configured (set RISTOURNE_STRIPE_SECRET_KEY): payable rebates are reserved as"
                    + " payouts but nobody is credited until it is");
        }
        return new StripeCredits(port);
    }
}
