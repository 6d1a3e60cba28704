package org.ristourne.broker.payback;

import org.ristourne.billing.api.CashPayouts;
import org.ristourne.billing.api.CustomerCredits;
import org.ristourne.billing.api.SubscriptionCheckout;
import org.ristourne.billing.api.VendorInvoices;
import org.ristourne.billing.cash.StripeConnectTransfers;
import org.ristourne.billing.checkout.StripeSubscriptionCheckout;
import org.ristourne.billing.credit.StripeCustomerCredits;
import org.ristourne.billing.invoice.StripeVendorInvoices;
import org.ristourne.billing.stripe.StripeSettings;
import org.ristourne.broker.subscribe.checkout.StripeCheckouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Wires the payout saga to billing's Stripe credits when Stripe is configured, and says so plainly when it is not. A
 * {@link CustomerCredits} bean of the application's own (a test's scripted one) takes precedence.
 *
 * <p>Billing's {@link VendorInvoices} is a bean only when Stripe is configured (a secret key that is not blank), built
 * from the same {@link StripeSettings}; without a key there is no such bean, and vendor invoicing must take it as
 * optional ({@code ObjectProvider<VendorInvoices>}) and invoice nobody.
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

    @Bean
    @Conditional(StripeConfigured.class)
    VendorInvoices vendorInvoices(StripeSettings settings) {
        log.info("Stripe is configured ({}): vendors are invoiced through Stripe", settings.apiBase());
        return StripeVendorInvoices.connectedTo(settings);
    }

    /** A Stripe secret key is set, as {@link StripeSettings#isConfigured()} reads it: blank counts as absent. */
    static final class StripeConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bind("ristourne.stripe.secret-key", String.class)
                    .map(key -> !key.isBlank()).orElse(false);
        }
    }

    /**
     * Billing's Stripe Checkout when Stripe is configured (a {@link SubscriptionCheckout} bean of the application's own
     * takes precedence). Without a key, the start-up log says plainly what does not work, and what still does.
     */
    @Bean
    StripeCheckouts stripeCheckouts(ObjectProvider<SubscriptionCheckout> checkout, StripeSettings settings) {
        SubscriptionCheckout port = checkout.getIfUnique();
        if (port == null && settings.isConfigured()) {
            port = StripeSubscriptionCheckout.connectedTo(settings);
        }
        if (port == null) {
            log.warn("Stripe is not configured (RISTOURNE_STRIPE_SECRET_KEY is not set). Not working: subscription"
                    + " checkout (POST /operator/customers/{id}/checkout answers 503 stripe-not-configured), payouts"
                    + " (reserved, nobody credited), vendor invoices (none sent to Stripe). Still working: everything"
                    + " else; subscription periods are recorded by hand with POST"
                    + " /operator/customers/{id}/subscription-periods");
        } else if (settings.subscriptionPriceId() == null) {
            log.warn("No subscription price is configured (RISTOURNE_STRIPE_PRICE_ID): subscription checkout answers"
                    + " 503 stripe-not-configured until it is");
        }
        return new StripeCheckouts(port, settings.subscriptionPriceId());
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
