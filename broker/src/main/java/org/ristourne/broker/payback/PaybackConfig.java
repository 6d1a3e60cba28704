package org.ristourne.broker.payback;

import org.ristourne.billing.api.CashPayouts;
import org.ristourne.billing.api.CustomerCredits;
import org.ristourne.billing.cash.StripeConnectTransfers;
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

    /**
     * Cash through Stripe Connect, only with {@code ristourne.stripe.connect-payouts=true} (which needs a key): then
     * billing's {@link StripeConnectTransfers}, unless the application has a {@link CashPayouts} of its own (a test's).
     * Off, no transfer is ever asked for, even where a {@link CashPayouts} bean exists.
     */
    @Bean
    StripeCash stripeCash(ObjectProvider<CashPayouts> cash, StripeSettings settings) {
        if (!settings.connectPayouts()) {
            log.info("Cash payouts through Stripe Connect are off (ristourne.stripe.connect-payouts): rebates are"
                    + " credited to Stripe balances");
            return StripeCash.off();
        }
        CashPayouts port = cash.getIfUnique();
        if (port == null) {
            port = StripeConnectTransfers.connectedTo(settings);
        }
        log.info("Cash payouts through Stripe Connect are on: customers with a connected account are paid by transfer");
        return new StripeCash(port);
    }
}
