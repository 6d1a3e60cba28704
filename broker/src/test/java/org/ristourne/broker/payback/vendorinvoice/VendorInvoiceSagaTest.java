package org.ristourne.broker.payback.vendorinvoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.predicate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.test.saga.FixtureExecutionResult;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ristourne.billing.api.InvoiceVendor;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendorinvoice.InvoiceLine;
import org.ristourne.broker.api.vendorinvoice.InvoicedDeduction;
import org.ristourne.broker.api.vendorinvoice.InvoicedSale;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceFailed;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceOverdue;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoiceSent;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceIssued;
import org.ristourne.broker.api.vendorinvoice.VendorInvoicePaid;
import org.ristourne.broker.payback.PaybackProperties;
import org.ristourne.broker.payback.ScriptedVendorInvoices;
import org.ristourne.broker.testing.FakeDirectory;
import org.ristourne.ledger.money.Money;

/**
 * The vendor invoice saga sends each line once (the vendor's Stripe customer made by the first is reused by the next),
 * tries again on Stripe's failures after 1, 2, 4 … minutes with the same request, records a refused line failed at
 * once, marks a line overdue at its due date unless it was paid, and ends when every line is paid or failed; a
 * payment heard twice changes nothing twice.
 */
class VendorInvoiceSagaTest {

    private static final VendorId VENDOR = new VendorId("acme");
    private static final String ID = VendorInvoicing.idOf(VENDOR);
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency USD = Currency.getInstance("USD");
    private static final String INVOICE = "vinv_1";
    private static final int MAX_ATTEMPTS = 4;

    private SagaTestFixture<VendorInvoiceSaga> fixture;
    private ScriptedVendorInvoices invoices;
    private Instant dueAt;
    private static final String BILLING_EMAIL = "billing@acme.example";

    private VendorInvoiceIssued issued;
    private VendorInvoiceIssued issuedInEurOnly;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(VendorInvoiceSaga.class);
        invoices = new ScriptedVendorInvoices();
        fixture.registerResource(new StripeVendorInvoicing(invoices));
        fixture.registerResource(new FakeDirectory().billingEmail(VENDOR, BILLING_EMAIL));
        fixture.registerResource(new PaybackProperties(Map.of("EUR", new BigDecimal("5.00")), Duration.ofMinutes(1),
                Duration.ofMinutes(10), MAX_ATTEMPTS, Duration.ofDays(30)));
        Instant now = fixture.currentTime();
        dueAt = now.plus(Duration.ofDays(30));
        InvoiceLine eur = new InvoiceLine(EUR, List.of(new InvoicedSale("acme/ord_1", Money.of(840, EUR)),
                new InvoicedSale("acme/ord_2", Money.of(160, EUR))),
                List.of(new InvoicedDeduction("acme/ord_0", "rf_1", Money.of(323, EUR))), Money.of(677, EUR));
        InvoiceLine usd = new InvoiceLine(USD, List.of(new InvoicedSale("acme/ord_3", Money.of(500, USD))), List.of(),
                Money.of(500, USD));
        issued = new VendorInvoiceIssued(ID, INVOICE, VENDOR, now, now, dueAt, List.of(eur, usd), null);
        issuedInEurOnly = new VendorInvoiceIssued(ID, INVOICE, VENDOR, now, now, dueAt, List.of(eur), "cus_acme");
    }

    private InvoiceVendor request(Money total, int sales, String stripeCustomer, String description) {
        return new InvoiceVendor(INVOICE, "acme", stripeCustomer, total, sales, description, dueAt, BILLING_EMAIL);
    }

    private static org.hamcrest.Matcher<org.axonframework.messaging.Message<?>> sent(Currency currency, String stripeInvoice) {
        return messageWithPayload(predicate((RecordVendorInvoiceSent command) -> command.invoicingId().equals(ID)
                && command.invoiceId().equals(INVOICE) && command.currency().equals(currency)
                && command.stripeInvoiceId().equals(stripeInvoice) && command.stripeCustomerId().equals("cus_acme")));
    }

    @Test
    void eachLineIsSentOnceWithTheStripeCustomerTheFirstOneMade() {
        fixture.givenNoPriorActivity()
                .whenAggregate(ID).publishes(issued)
                .expectDispatchedCommandsMatching(exactSequenceOf(sent(EUR, "in_1"), sent(USD, "in_2"), andNoMore()))
                .expectScheduledDeadlineWithName(dueAt, VendorInvoiceSaga.OVERDUE)
                .expectActiveSagas(1);
        assertThat(invoices.requests()).containsExactly(
                request(Money.of(677, EUR), 2, null,
                        "Ristourne: shares of 2 sale(s) less 1 refund(s) already paid, invoice vinv_1"),
                request(Money.of(500, USD), 1, "cus_acme", "Ristourne: shares of 1 sale(s), invoice vinv_1"));
    }

    @Test
    void aVendorWithoutStripeCustomerNorBillingEmailIsNotInvoicedAndTheOperatorIsTold() {
        fixture.registerResource(new FakeDirectory());
        fixture.givenNoPriorActivity()
                .whenAggregate(ID).publishes(issued)
                .expectDispatchedCommandsMatching(exactSequenceOf(
                        failed(EUR, "PUT /operator/vendors/acme/billing-email"),
                        failed(USD, "PUT /operator/vendors/acme/billing-email"), andNoMore()))
                .expectActiveSagas(0);
        assertThat(invoices.requests()).as("nothing asked of Stripe").isEmpty();
    }

    private static org.hamcrest.Matcher<org.axonframework.messaging.Message<?>> failed(Currency currency,
                                                                                    String advice) {
        return messageWithPayload(predicate((RecordVendorInvoiceFailed command) -> command.invoiceId().equals(INVOICE)
                && command.currency().equals(currency) && command.reason().contains(advice)));
    }

    static Stream<Arguments> backoff() {
        return Stream.of(
                Arguments.of(1, Duration.ofMinutes(1)),
                Arguments.of(2, Duration.ofMinutes(2)),
                Arguments.of(3, Duration.ofMinutes(4)));
    }

    @ParameterizedTest(name = "after {0} failure(s) the next attempt waits {1}")
    @MethodSource("backoff")
    void stripeUnavailableIsTriedAgainOnTheBackoffSchedule(int failures, Duration next) throws Exception {
        invoices.failingFirst(Integer.MAX_VALUE);
        FixtureExecutionResult result = afterFailures(failures);
        result.expectScheduledDeadlineWithName(next, VendorInvoiceSaga.RETRY)
                .expectNoScheduledDeadlineWithName(next.minusSeconds(1), VendorInvoiceSaga.RETRY)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        assertThat(invoices.requests()).as("the same request each time: the same idempotency key")
                .hasSize(failures).containsOnly(issuedEurRequest());
    }

    private InvoiceVendor issuedEurRequest() {
        return request(Money.of(677, EUR), 2, "cus_acme",
                "Ristourne: shares of 2 sale(s) less 1 refund(s) already paid, invoice vinv_1");
    }

    private FixtureExecutionResult afterFailures(int failures) throws Exception {
        if (failures == 1) {
            return fixture.givenNoPriorActivity().whenAggregate(ID).publishes(issuedInEurOnly);
        }
        var given = fixture.givenAggregate(ID).published(issuedInEurOnly);
        Duration elapsed = Duration.ZERO;
        for (int i = 1; i < failures - 1; i++) {
            elapsed = Duration.ofMinutes(1L << (i - 1));
            given = given.andThenTimeElapses(elapsed);
        }
        return given.whenTimeElapses(Duration.ofMinutes(1L << (failures - 2)));
    }

    @Test
    void aLineStripeAcceptsAfterFailuresIsSentOnce() throws Exception {
        invoices.failingFirst(2);
        fixture.givenAggregate(ID).published(issuedInEurOnly)
                .andThenTimeElapses(Duration.ofMinutes(1))
                .whenTimeElapses(Duration.ofMinutes(2))
                .expectDispatchedCommandsMatching(exactSequenceOf(sent(EUR, "in_1"), andNoMore()))
                .expectActiveSagas(1);
        assertThat(invoices.requests()).hasSize(3).containsOnly(issuedEurRequest());
        assertThat(invoices.invoiced()).hasSize(1);
    }

    @Test
    void stripeUnavailableOnEveryAttemptMarksTheLineFailed() throws Exception {
        invoices.failingFirst(Integer.MAX_VALUE);
        afterFailures(MAX_ATTEMPTS)
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (RecordVendorInvoiceFailed command) -> command.currency().equals(EUR)
                                && command.reason().startsWith("Stripe unavailable 4 times"))), andNoMore()))
                .expectActiveSagas(0);
    }

    @Test
    void aLineStripeRefusesIsMarkedFailedAtOnce() {
        invoices.refusingAll();
        fixture.givenNoPriorActivity()
                .whenAggregate(ID).publishes(issuedInEurOnly)
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (RecordVendorInvoiceFailed command) -> command.invoiceId().equals(INVOICE)
                                && command.reason().startsWith("Stripe refused the invoice"))), andNoMore()))
                .expectNoScheduledDeadlineWithName(Duration.ofMinutes(1), VendorInvoiceSaga.RETRY)
                .expectActiveSagas(0);
        assertThat(invoices.requests()).hasSize(1);
    }

    @Test
    void aLineUnpaidAtItsDueDateIsOverdue() throws Exception {
        fixture.givenAggregate(ID).published(issuedInEurOnly)
                .whenTimeAdvancesTo(dueAt)
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (RecordVendorInvoiceOverdue command) -> command.invoiceId().equals(INVOICE)
                                && command.currency().equals(EUR))), andNoMore()))
                .expectActiveSagas(1);
    }

    @Test
    void aLinePaidBeforeItsDueDateIsNeverOverdue() throws Exception {
        VendorInvoicePaid paid = new VendorInvoicePaid(ID, INVOICE, VENDOR, "in_1", Money.of(677, EUR), dueAt);
        fixture.givenAggregate(ID).published(issuedInEurOnly)
                .whenAggregate(ID).publishes(paid)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    @Test
    void aPaymentHeardTwiceChangesNothingTheSecondTime() throws Exception {
        VendorInvoicePaid paid = new VendorInvoicePaid(ID, INVOICE, VENDOR, "in_1", Money.of(677, EUR), dueAt);
        fixture.givenAggregate(ID).published(issued, paid)
                .whenAggregate(ID).publishes(paid)
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(dueAt, VendorInvoiceSaga.OVERDUE)
                .expectActiveSagas(1);
        assertThat(invoices.invoiced()).hasSize(2);
    }

    @Test
    void withoutStripeTheInvoiceStaysIssuedAndIsLookedAtAgain() {
        fixture.registerResource(new StripeVendorInvoicing(null));
        fixture.givenNoPriorActivity()
                .whenAggregate(ID).publishes(issuedInEurOnly)
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), VendorInvoiceSaga.RETRY)
                .expectActiveSagas(1);
    }
}
