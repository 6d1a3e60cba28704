package org.ristourne.broker.subscribe.customer;

import static org.ristourne.broker.testing.RuleViolations.violation;

import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.customer.CustomerDataErased;
import org.ristourne.broker.api.customer.CustomerRegistered;
import org.ristourne.broker.api.customer.EndSubscription;
import org.ristourne.broker.api.customer.EraseCustomerData;
import org.ristourne.broker.api.customer.RecordSubscriptionCredit;
import org.ristourne.broker.api.customer.RecordSubscriptionPeriod;
import org.ristourne.broker.api.customer.RegisterCustomer;
import org.ristourne.broker.api.customer.SubscriptionCreditApplied;
import org.ristourne.broker.api.customer.SubscriptionEnded;
import org.ristourne.broker.api.customer.SubscriptionPeriodRecorded;
import org.ristourne.ledger.money.Money;

class CustomerFixtureTest {

    private static final CustomerId ALICE = new CustomerId("cus-alice");
    private static final Money PAID = Money.of(499, "EUR");

    private AggregateTestFixture<Customer> fixture;
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Customer.class);
        now = fixture.currentTime();
    }

    @Test
    void registeringACustomerRecordsOnlyTheirId() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomer(ALICE, now))
                .expectEvents(new CustomerRegistered(ALICE, now));
    }

    @Test
    void erasingRecordsItOnceWithNoPersonalDataAndAgainChangesNothing() {
        Instant later = now.plusSeconds(60);
        fixture.given(new CustomerRegistered(ALICE, now))
                .when(new EraseCustomerData(ALICE, now))
                .expectEvents(new CustomerDataErased(ALICE, now));
        fixture.given(new CustomerRegistered(ALICE, now), new CustomerDataErased(ALICE, now))
                .when(new EraseCustomerData(ALICE, later))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void paymentsStripeReportsAfterAnErasureAreStillRecordedForTheBooks() {
        Instant until = now.plus(Duration.ofDays(30));
        fixture.given(new CustomerRegistered(ALICE, now), new CustomerDataErased(ALICE, now))
                .when(new RecordSubscriptionPeriod(ALICE, now, until, PAID))
                .expectEvents(new SubscriptionPeriodRecorded(ALICE, now, until, PAID));
    }

    @Test
    void aPaidPeriodIsRecordedOnce() {
        Instant until = now.plus(Duration.ofDays(30));
        fixture.given(new CustomerRegistered(ALICE, now))
                .when(new RecordSubscriptionPeriod(ALICE, now, until, PAID))
                .expectEvents(new SubscriptionPeriodRecorded(ALICE, now, until, PAID));
        fixture.given(new CustomerRegistered(ALICE, now), new SubscriptionPeriodRecorded(ALICE, now, until, PAID))
                .when(new RecordSubscriptionPeriod(ALICE, now, until, PAID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aPeriodCannotCostLessThanNothing() {
        fixture.given(new CustomerRegistered(ALICE, now))
                .when(new RecordSubscriptionPeriod(ALICE, now, now.plusSeconds(60), Money.of(-1, "EUR")))
                .expectException(violation("invalid-subscription-period"));
    }

    @Test
    void aPeriodMustEndAfterItStarts() {
        fixture.given(new CustomerRegistered(ALICE, now))
                .when(new RecordSubscriptionPeriod(ALICE, now, now, PAID))
                .expectException(violation("invalid-subscription-period"));
    }

    @Test
    void anActiveSubscriptionCanEnd() {
        Instant end = now.plus(Duration.ofDays(10));
        fixture.given(new CustomerRegistered(ALICE, now),
                        new SubscriptionPeriodRecorded(ALICE, now, now.plus(Duration.ofDays(30)), PAID))
                .when(new EndSubscription(ALICE, end))
                .expectEvents(new SubscriptionEnded(ALICE, end));
    }

    @Test
    void thereIsNothingToEndWithoutASubscription() {
        fixture.given(new CustomerRegistered(ALICE, now))
                .when(new EndSubscription(ALICE, now))
                .expectException(violation("not-subscribed"));
        fixture.given(new CustomerRegistered(ALICE, now),
                        new SubscriptionPeriodRecorded(ALICE, now, now.plus(Duration.ofDays(30)), PAID),
                        new SubscriptionEnded(ALICE, now.plus(Duration.ofDays(10))))
                .when(new EndSubscription(ALICE, now.plus(Duration.ofDays(20))))
                .expectException(violation("not-subscribed"));
    }

    @Test
    void creditTakenOffAnInvoiceIsRecordedOncePerInvoice() {
        Money credit = Money.of(630, "EUR");
        fixture.given(new CustomerRegistered(ALICE, now))
                .when(new RecordSubscriptionCredit(ALICE, "in_1", credit, now))
                .expectEvents(new SubscriptionCreditApplied(ALICE, "in_1", credit, now));
        fixture.given(new CustomerRegistered(ALICE, now), new SubscriptionCreditApplied(ALICE, "in_1", credit, now))
                .when(new RecordSubscriptionCredit(ALICE, "in_1", credit, now))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(new CustomerRegistered(ALICE, now), new SubscriptionCreditApplied(ALICE, "in_1", credit, now))
                .when(new RecordSubscriptionCredit(ALICE, "in_2", Money.of(120, "EUR"), now))
                .expectEvents(new SubscriptionCreditApplied(ALICE, "in_2", Money.of(120, "EUR"), now));
    }

    @Test
    void creditTakenOffAnInvoiceMustBePositive() {
        fixture.given(new CustomerRegistered(ALICE, now))
                .when(new RecordSubscriptionCredit(ALICE, "in_1", Money.of(0, "EUR"), now))
                .expectException(violation("invalid-subscription-credit"));
    }
}
