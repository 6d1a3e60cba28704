package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ristourne.billing.api.VendorInvoices;
import org.ristourne.billing.invoice.StripeVendorInvoices;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Billing's Stripe adapters are wired from one set of Stripe settings, and only when a secret key is set. */
class PaybackConfigTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(PaybackConfig.class);

    @Test
    void withASecretKeyVendorsAreInvoicedThroughStripeAndCustomersCredited() {
        context.withPropertyValues("ristourne.stripe.secret-key=sk_test_configured").run(app -> {
            assertThat(app).hasSingleBean(VendorInvoices.class);
            assertThat(app.getBean(VendorInvoices.class)).isInstanceOf(StripeVendorInvoices.class);
            assertThat(app.getBean(StripeCredits.class).configured()).isTrue();
        });
    }

    @ParameterizedTest(name = "secret key ''{0}'' is no Stripe: no vendor invoices, no credits")
    @ValueSource(strings = {"", "   "})
    void withoutASecretKeyThereIsNoVendorInvoicesBean(String key) {
        context.withPropertyValues("ristourne.stripe.secret-key=" + key).run(app -> {
            assertThat(app).hasNotFailed().doesNotHaveBean(VendorInvoices.class);
            assertThat(app.getBean(StripeCredits.class).configured()).isFalse();
        });
    }

    @Test
    void withNoStripeSettingsAtAllThereIsNoVendorInvoicesBean() {
        context.run(app -> assertThat(app).hasNotFailed().doesNotHaveBean(VendorInvoices.class));
    }
}
