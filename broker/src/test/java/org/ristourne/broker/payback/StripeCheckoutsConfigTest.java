package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ristourne.billing.api.SubscriptionCheckout;
import org.ristourne.billing.stripe.StripeSettings;
import org.ristourne.broker.subscribe.checkout.StripeCheckouts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Checkout is wired only with a Stripe key, and without one the log says plainly what does not work. */
@ExtendWith(OutputCaptureExtension.class)
class StripeCheckoutsConfigTest {

    private final ObjectProvider<SubscriptionCheckout> none =
            new StaticListableBeanFactory().getBeanProvider(SubscriptionCheckout.class);

    @Test
    void withoutAKeyThereIsNoCheckoutAndTheWarningNamesWhatDoesNotWork(CapturedOutput output) {
        StripeCheckouts checkouts = new PaybackConfig().stripeCheckouts(none, StripeSettings.notConfigured());

        assertThat(checkouts.configured()).isFalse();
        assertThat(checkouts.port()).isEmpty();
        assertThat(output.getAll()).contains("Stripe is not configured").contains("subscription checkout")
                .contains("payouts").contains("vendor invoices").contains("/subscription-periods");
    }

    @Test
    void withAKeyAndAPriceCheckoutGoesThroughBillingsStripeAdapter() {
        StripeCheckouts checkouts = new PaybackConfig().stripeCheckouts(none,
                StripeSettings.of("sk_test_x", null, "price_x"));

        assertThat(checkouts.configured()).isTrue();
        assertThat(checkouts.priceId()).contains("price_x");
    }

    @Test
    void withAKeyButNoPriceCheckoutIsNotConfiguredAndTheLogSaysWhy(CapturedOutput output) {
        StripeCheckouts checkouts = new PaybackConfig().stripeCheckouts(none, StripeSettings.of("sk_test_x", null,
                null));

        assertThat(checkouts.configured()).isFalse();
        assertThat(output.getAll()).contains("RISTOURNE_STRIPE_PRICE_ID");
    }
}
