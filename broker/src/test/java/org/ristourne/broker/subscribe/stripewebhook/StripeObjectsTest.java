package org.ristourne.broker.subscribe.stripewebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ristourne.ledger.money.Money;

class StripeObjectsTest {

    @Test
    void anInvoicesPeriodSpansItsLinesNotItsOwnPeriodFields() {
        StripeObjects.InvoicePaid invoice = StripeObjects.invoice("""
                {"id":"in_1","customer":"cus_1","currency":"eur","amount_paid":990,"billing_reason":"subscription_cycle",
                 "period_start":100,"period_end":200,
                 "lines":{"data":[{"period":{"start":2000,"end":3000}},{"period":{"start":1000,"end":2500}}]}}""");

        assertThat(invoice.periodStart()).isEqualTo(Instant.ofEpochSecond(1000));
        assertThat(invoice.periodEnd()).isEqualTo(Instant.ofEpochSecond(3000));
        assertThat(invoice.forSubscription()).isTrue();
        assertThat(invoice.amount()).isEqualTo(Money.of(990, "EUR"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "'\"parent\":{\"type\":\"subscription_details\",\"subscription_details\":{\"subscription\":\"sub_1\"}}' | true",
            "'\"billing_reason\":\"subscription_create\"' | true",
            "'\"billing_reason\":\"manual\",\"parent\":null' | false"})
    void anInvoiceIsASubscriptionsByItsParentOrBillingReason(String fields, boolean forSubscription) {
        StripeObjects.InvoicePaid invoice = StripeObjects.invoice("{\"id\":\"in_1\"," + fields + "}");

        assertThat(invoice.forSubscription()).isEqualTo(forSubscription);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"isk", "mga", "ugx"})
    void anAmountInACurrencyStripeCountsOtherwiseThanIsoIsNotRead(String currency) {
        StripeObjects.InvoicePaid invoice = StripeObjects.invoice(
                "{\"id\":\"in_1\",\"currency\":\"" + currency + "\",\"amount_paid\":1000}");

        assertThat(invoice.amount()).isNull();
    }

    /** A negative starting balance is credit; the invoice took what the balance moved by, at most its total. */
    @ParameterizedTest(name = "starting {0}, ending {1}, total {2}: {3} credit taken")
    @CsvSource(nullValues = "none", value = {
            "-630, 0, 990, 630",
            "-1500, -510, 990, 990",
            "-630, none, 500, 500",
            "-630, none, 990, 630",
            "0, 0, 990, none",
            "250, 0, 990, none",
            "-630, -630, 0, none"})
    void theCreditAnInvoiceTookIsWhatTheBalanceMovedBy(long starting, Long ending, long total, Long taken) {
        StripeObjects.InvoicePaid invoice = StripeObjects.invoice("{\"id\":\"in_1\",\"currency\":\"eur\","
                + "\"starting_balance\":" + starting + ",\"ending_balance\":" + ending + ",\"total\":" + total
                + ",\"status_transitions\":{\"paid_at\":1700000000}}");

        assertThat(invoice.creditApplied()).isEqualTo(taken == null ? null : Money.of(taken, "EUR"));
        assertThat(invoice.paidAt()).isEqualTo(Instant.ofEpochSecond(1700000000));
    }

    @Test
    void aCheckoutNamesOurCustomerByClientReferenceElseMetadataAndItsStripeCustomerExpandedOrNot() {
        StripeObjects.CheckoutCompleted byReference = StripeObjects.checkout("""
                {"id":"cs_1","mode":"subscription","client_reference_id":"cus-a","customer":"cus_A","currency":"eur",
                 "metadata":{"customer_id":"cus-b"}}""");
        StripeObjects.CheckoutCompleted byMetadata = StripeObjects.checkout("""
                {"id":"cs_2","mode":"subscription","client_reference_id":null,"customer":{"id":"cus_B","object":"customer"},
                 "currency":"usd","metadata":{"customer_id":"cus-b"}}""");

        assertThat(byReference).isEqualTo(new StripeObjects.CheckoutCompleted("cs_1", "subscription", "cus-a", "cus_A",
                "EUR"));
        assertThat(byMetadata).isEqualTo(new StripeObjects.CheckoutCompleted("cs_2", "subscription", "cus-b", "cus_B",
                "USD"));
    }

    @Test
    void aDeletedSubscriptionEndsWhenItEndedElseWhenItWasCanceled() {
        assertThat(StripeObjects.subscriptionDeleted("""
                {"id":"sub_1","customer":"cus_1","ended_at":500,"canceled_at":400}""").endedAt())
                .isEqualTo(Instant.ofEpochSecond(500));
        assertThat(StripeObjects.subscriptionDeleted("""
                {"id":"sub_1","customer":"cus_1","ended_at":null,"canceled_at":400}""").endedAt())
                .isEqualTo(Instant.ofEpochSecond(400));
    }

    /** Numbers past a long, times past year 9999 and ids past our columns are not Stripe's: they read as absent. */
    @Test
    void valuesNoStripeObjectHoldsReadAsAbsentInsteadOfFailing() {
        String tooLong = "x".repeat(StripeObjects.MAX_ID + 1);
        StripeObjects.InvoicePaid invoice = StripeObjects.invoice("{\"id\":\"" + tooLong + "\",\"customer\":\""
                + tooLong + "\",\"currency\":\"eur\",\"amount_paid\":99999999999999999999999,"
                + "\"starting_balance\":-9223372036854775808,\"ending_balance\":9223372036854775807,"
                + "\"total\":1e400,\"lines\":{\"data\":[{\"period\":{\"start\":1,\"end\":253402300800}}]},"
                + "\"status_transitions\":{\"paid_at\":-5},\"created\":18446744073709551616}");
        StripeObjects.SubscriptionChanged subscription = StripeObjects.subscriptionChanged("{\"id\":\"sub_1\","
                + "\"status\":\"" + "a".repeat(33) + "\",\"current_period_start\":9223372036854775807,"
                + "\"current_period_end\":99999999999999999999}");

        assertThat(invoice.invoiceId()).isNull();
        assertThat(invoice.stripeCustomerId()).isNull();
        assertThat(invoice.amountPaid()).isEqualTo(-1);
        assertThat(invoice.startingBalance()).isNull();
        assertThat(invoice.endingBalance()).isNull();
        assertThat(invoice.creditApplied()).isNull();
        assertThat(invoice.total()).isZero();
        assertThat(invoice.periodStart()).isNull();
        assertThat(invoice.paidAt()).isNull();
        assertThat(subscription.status()).isNull();
        assertThat(subscription.currentPeriodStart()).isNull();
        assertThat(subscription.currentPeriodEnd()).isNull();
    }
}
