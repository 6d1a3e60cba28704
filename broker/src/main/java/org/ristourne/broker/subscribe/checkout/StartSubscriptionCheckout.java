package org.ristourne.broker.subscribe.checkout;

import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CheckoutReceipt;
import org.ristourne.billing.api.CheckoutRefused;
import org.ristourne.billing.api.StartCheckout;
import org.ristourne.billing.api.SubscriptionCheckout;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.directory.BrokerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Starts a registered customer's subscription: their Stripe Customer if they have none yet (recorded at once), then a
 * Checkout Session in subscription mode for the configured price. Nothing is held in a database transaction while
 * Stripe answers. What the customer then does at Stripe comes back by webhook ({@code checkout.session.completed},
 * {@code invoice.paid}).
 */
@Service
public class StartSubscriptionCheckout {

    private static final Logger log = LoggerFactory.getLogger(StartSubscriptionCheckout.class);

    /** What the operator (later the customer's page) asks for. */
    public record Request(CustomerId customerId, @Nullable String email, String successUrl, String cancelUrl,
                          String attemptId) {
    }

    private final StripeCheckouts checkouts;
    private final StripeCustomerIds stripeCustomers;
    private final BrokerDirectory directory;

    StartSubscriptionCheckout(StripeCheckouts checkouts, StripeCustomerIds stripeCustomers, BrokerDirectory directory) {
        this.checkouts = checkouts;
        this.stripeCustomers = stripeCustomers;
        this.directory = directory;
    }

    /**
     * @throws UnknownCustomer     no registered customer has that id
     * @throws StripeNotConfigured no Stripe key or price on this broker
     * @throws BillingUnavailable  Stripe could not be reached or failed: the same request may be sent again
     * @throws CheckoutRefused     Stripe refused
     */
    public CheckoutReceipt start(Request request) {
        if (!directory.isRegistered(request.customerId())) {
            throw new UnknownCustomer("no customer " + request.customerId());
        }
        SubscriptionCheckout port = checkouts.port().orElseThrow(() -> new StripeNotConfigured(
                "Stripe is not configured on this broker (RISTOURNE_STRIPE_SECRET_KEY is not set): no subscription"
                        + " checkout can be started. Subscription periods can be recorded by hand with POST"
                        + " /operator/customers/{customerId}/subscription-periods."));
        String priceId = checkouts.priceId().orElseThrow(() -> new StripeNotConfigured(
                "No subscription price is configured on this broker (RISTOURNE_STRIPE_PRICE_ID is not set): no"
                        + " subscription checkout can be started."));
        CustomerId customer = request.customerId();
        String stripeCustomerId = stripeCustomers.find(customer).orElse(null);
        if (stripeCustomerId == null) {
            stripeCustomerId = stripeCustomers.record(customer, port.createCustomer(customer.value(),
                    request.email()));
            log.info("Customer {} is now Stripe customer {} (checkout attempt {})", customer, stripeCustomerId,
                    request.attemptId());
        }
        CheckoutReceipt receipt = port.start(new StartCheckout(customer.value(), request.email(), stripeCustomerId,
                priceId, request.successUrl(), request.cancelUrl(), request.attemptId()));
        log.info("Checkout {} started for customer {} (Stripe customer {}), open until {}",
                receipt.checkoutSessionId(), customer, receipt.stripeCustomerId(), receipt.expiresAt());
        return receipt;
    }
}
