package org.ristourne.broker.payback.payoutsaga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.FixtureExecutionResult;
import org.axonframework.test.saga.SagaTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.CreditReceipt;
import org.ristourne.billing.api.CustomerCredits;
import org.ristourne.billing.api.PayCash;
import org.ristourne.billing.api.PayoutMethod;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.broker.api.share.AbandonPayout;
import org.ristourne.broker.api.share.PayoutAttemptFailed;
import org.ristourne.broker.api.share.PayoutRequested;
import org.ristourne.broker.payback.BillingCustomer;
import org.ristourne.broker.payback.BillingCustomers;
import org.ristourne.broker.payback.ConnectedAccountId;
import org.ristourne.broker.payback.InMemoryConnectedAccounts;
import org.ristourne.broker.payback.ScriptedCash;
import org.ristourne.broker.payback.StripeCash;
import org.ristourne.broker.payback.PaybackProperties;
import org.ristourne.broker.payback.ScriptedCredits;
import org.ristourne.broker.payback.StripeCredits;
import org.ristourne.broker.share.book.CustomerPayoutBook;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;

/**
 * The payout saga credits a requested payout once, tries again on Stripe's failures after 1, 2, 4 … minutes (capped)
 * with the very same request, gives up after the configured attempts or at once when Stripe refuses, and only stops
 * when a settlement comes late or twice: the ledger books settlements, the saga never credits again.
 */
class PayoutSagaTest {

    private static final String CUSTOMER = "cus-1";
    private static final String BOOK = CustomerPayoutBook.idOf(CUSTOMER);
    private static final String PAYOUT = "po_1";
    private static final Money AMOUNT = Money.of(930, "EUR");
    private static final PayoutRequested REQUESTED = new PayoutRequested(BOOK, CUSTOMER, PAYOUT, AMOUNT);
    private static final CreditRebate REQUEST = new CreditRebate(PAYOUT, CUSTOMER, "cus_Stripe1", AMOUNT,
            PostingId.of("payout", PAYOUT, "paid").value());
    private static final int MAX_ATTEMPTS = 6;
    private static final PaybackProperties PROPERTIES = new PaybackProperties(null, Duration.ofMinutes(1),
            Duration.ofMinutes(10), MAX_ATTEMPTS, Duration.ofDays(30));

    private SagaTestFixture<PayoutSaga> fixture;
    private ScriptedCredits credits;
    private ScriptedCash cash;
    private InMemoryConnectedAccounts accounts;
    private Instant creditedAt;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PayoutSaga.class);
        creditedAt = fixture.currentTime().plusSeconds(1);
        credits = new ScriptedCredits(creditedAt);
        cash = new ScriptedCash(creditedAt);
        accounts = new InMemoryConnectedAccounts();
        registerResources(new StripeCredits(credits), StripeCash.off(), PayoutSagaTest::inEuro);
    }

    /** A fresh fixture with Connect payouts switched on, paying cash through {@link #cash}. */
    private void connectPayoutsOn() {
        fixture = new SagaTestFixture<>(PayoutSaga.class);
        registerResources(new StripeCredits(credits), new StripeCash(cash), PayoutSagaTest::inEuro);
    }

    private static Optional<BillingCustomer> inEuro(String customerId) {
        return Optional.of(new BillingCustomer(customerId, "cus_Stripe1", Currency.getInstance("EUR")));
    }

    /** The saga's resources, Connect payouts on when {@code stripeCash} has a port. */
    private void registerResources(StripeCredits stripeCredits, StripeCash stripeCash, BillingCustomers customers) {
        fixture.registerResource(stripeCredits);
        fixture.registerResource(stripeCash);
        fixture.registerResource(accounts);
        fixture.registerResource(PROPERTIES);
        fixture.registerResource(customers);
    }

    @Test
    void aRequestedPayoutIsCreditedOnceAndSettled() {
        fixture.givenNoPriorActivity()
                .whenAggregate(BOOK).publishes(REQUESTED)
                .expectPublishedEvents(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
        assertThat(credits.requests()).containsExactly(REQUEST);
    }

    /** After the n-th consecutive failure, the next attempt waits 1, 2, 4, 8 minutes, then the 10 minute cap. */
    static Stream<Arguments> backoff() {
        return Stream.of(
                Arguments.of(1, Duration.ofMinutes(1)),
                Arguments.of(2, Duration.ofMinutes(2)),
                Arguments.of(3, Duration.ofMinutes(4)),
                Arguments.of(4, Duration.ofMinutes(8)),
                Arguments.of(5, Duration.ofMinutes(10)));
    }

    @ParameterizedTest(name = "after {0} failure(s) the next attempt waits {1}")
    @MethodSource("backoff")
    void stripeUnavailableIsTriedAgainOnTheBackoffSchedule(int failures, Duration next) throws Exception {
        credits.failingFirst(Integer.MAX_VALUE);
        FixtureExecutionResult result = afterFailures(failures);
        result.expectScheduledDeadlineWithName(next, PayoutSaga.RETRY)
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlineWithName(next.minusSeconds(1), PayoutSaga.RETRY);
        assertThat(credits.requests()).as("every attempt sends the same request, so the same idempotency key")
                .hasSize(failures).containsOnly(REQUEST);
    }

    @Test
    void aPayoutStripeAcceptsAfterFailuresIsCreditedExactlyOnce() throws Exception {
        credits.failingFirst(2);
        fixture.givenAggregate(BOOK).published(REQUESTED)
                .andThenTimeElapses(Duration.ofMinutes(1))
                .whenTimeElapses(Duration.ofMinutes(2))
                .expectPublishedEvents(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt))
                .expectActiveSagas(0);
        assertThat(credits.requests()).containsExactly(REQUEST, REQUEST, REQUEST);
        assertThat(credits.credited()).containsExactly(REQUEST);
    }

    @Test
    void aPayoutStripeKeepsFailingIsGivenUpAfterTheLastAttemptWhenStripeHoldsNoCreditForIt() throws Exception {
        credits.failingFirst(Integer.MAX_VALUE);
        afterFailures(MAX_ATTEMPTS)
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (AbandonPayout command) -> command.bookId().equals(BOOK) && command.payoutId().equals(PAYOUT)
                                && command.reason().contains("Stripe unavailable 6 times")
                                && command.reason().contains("Stripe holds no credit for the payout"))), andNoMore()))
                .expectNoScheduledDeadlineWithName(Duration.ofMinutes(10), PayoutSaga.RETRY)
                .expectNoScheduledDeadlineWithName(Duration.ofDays(7), PayoutSaga.UNVERIFIED)
                .expectScheduledDeadlineWithName(Duration.ofDays(30), PayoutSaga.FORGET)
                .expectPublishedEvents();
        assertThat(credits.requests()).hasSize(MAX_ATTEMPTS);
        assertThat(credits.lookUps()).as("asked once, before giving up").containsExactly(PAYOUT);
    }

    @Test
    void aCreditStripeMadeWhileEveryAnswerWasLostIsFoundBeforeGivingUpAndSettled() throws Exception {
        credits.creditingButAnsweringUnavailableFirst(Integer.MAX_VALUE);
        afterFailures(MAX_ATTEMPTS)
                .expectPublishedEvents(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        assertThat(credits.requests()).hasSize(MAX_ATTEMPTS).containsOnly(REQUEST);
        assertThat(credits.credited()).containsExactly(REQUEST);
        assertThat(credits.lookUps()).containsExactly(PAYOUT);
    }

    @Test
    void whenTheLookUpFailsTooThePayoutIsNotGivenUpButLookedUpAgainAtTheCappedDelay() throws Exception {
        credits.failingFirst(Integer.MAX_VALUE).lookUpsFailingFirst(1);
        afterFailures(MAX_ATTEMPTS)
                .expectNoDispatchedCommands()
                .expectPublishedEventsMatching(onlyFailedAttempts())
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), PayoutSaga.RETRY)
                .expectScheduledDeadlineWithName(Duration.ofDays(7), PayoutSaga.UNVERIFIED);
        assertThat(credits.lookUps()).containsExactly(PAYOUT);
    }

    @Test
    void aLookUpThatSucceedsLaterFindsTheCreditAndSettlesWithoutCreditingAgain() throws Exception {
        credits.creditingButAnsweringUnavailableFirst(Integer.MAX_VALUE).lookUpsFailingFirst(2);
        givenFailed(MAX_ATTEMPTS)
                .andThenTimeElapses(Duration.ofMinutes(10))
                .whenTimeElapses(Duration.ofMinutes(10))
                .expectPublishedEvents(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
        assertThat(credits.requests()).as("no credit asked while looking up").hasSize(MAX_ATTEMPTS);
        assertThat(credits.lookUps()).containsExactly(PAYOUT, PAYOUT, PAYOUT);
    }

    @Test
    void aLookUpThatSucceedsLaterAndFindsNothingGivesUp() throws Exception {
        credits.failingFirst(Integer.MAX_VALUE).lookUpsFailingFirst(1);
        givenFailed(MAX_ATTEMPTS)
                .whenTimeElapses(Duration.ofMinutes(10))
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (AbandonPayout command) -> command.reason().contains("Stripe holds no credit"))),
                        andNoMore()))
                .expectNoScheduledDeadlineWithName(Duration.ofDays(7), PayoutSaga.UNVERIFIED)
                .expectPublishedEvents();
        assertThat(credits.lookUps()).containsExactly(PAYOUT, PAYOUT);
    }

    @Test
    void aPayoutStripeCannotBeAskedAboutIsGivenUpUnverifiedOnlyAfterTheConfiguredTime() throws Exception {
        credits.failingFirst(Integer.MAX_VALUE).lookUpsFailingFirst(Integer.MAX_VALUE);
        givenFailed(MAX_ATTEMPTS)
                .andThenTimeElapses(Duration.ofDays(7).minusMinutes(1))
                .whenTimeElapses(Duration.ofMinutes(1))
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (AbandonPayout command) -> command.payoutId().equals(PAYOUT)
                                && command.reason().contains("UNVERIFIED"))), andNoMore()))
                .expectNoScheduledDeadlineWithName(Duration.ofMinutes(10), PayoutSaga.RETRY)
                .expectScheduledDeadlineWithName(Duration.ofDays(30), PayoutSaga.FORGET)
                .expectPublishedEvents();
        assertThat(credits.requests()).as("never credited again while looking up").hasSize(MAX_ATTEMPTS);
        assertThat(credits.lookUps()).as("one look-up, then one every 10 minutes for 7 days")
                .hasSize(1 + 7 * 24 * 6 - 1);
    }

    @Test
    void aPayoutStripeCannotBeAskedAboutIsStillLookedUpJustBeforeTheConfiguredTime() throws Exception {
        credits.failingFirst(Integer.MAX_VALUE).lookUpsFailingFirst(Integer.MAX_VALUE);
        givenFailed(MAX_ATTEMPTS)
                .whenTimeElapses(Duration.ofDays(7).minusMinutes(1))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1)
                .expectPublishedEventsMatching(onlyFailedAttempts());
    }

    @Test
    void aCreditStripeRefusesIsGivenUpAtOnce() {
        credits.refusingAll();
        fixture.givenNoPriorActivity()
                .whenAggregate(BOOK).publishes(REQUESTED)
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (AbandonPayout command) -> command.payoutId().equals(PAYOUT)
                                && command.reason().startsWith("Stripe refused the credit"))), andNoMore()))
                .expectNoScheduledDeadlineWithName(Duration.ofMinutes(1), PayoutSaga.RETRY)
                .expectPublishedEvents();
        assertThat(credits.requests()).containsExactly(REQUEST);
        assertThat(credits.lookUps()).as("refused: Stripe made no credit").isEmpty();
    }

    @Test
    void aPayoutInAnotherCurrencyThanTheCustomersStripeBalanceIsGivenUpWithoutAskingStripe() {
        PayoutRequested inUsd = new PayoutRequested(BOOK, CUSTOMER, PAYOUT, Money.of(930, "USD"));
        fixture.givenNoPriorActivity()
                .whenAggregate(BOOK).publishes(inUsd)
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (AbandonPayout command) -> command.reason().contains("is billed in EUR, not USD"))),
                        andNoMore()))
                .expectPublishedEvents();
        assertThat(credits.requests()).isEmpty();
    }

    @Test
    void aFailureOutsideThePortsContractIsTriedAgainLikeStripeUnavailable() {
        fixture = new SagaTestFixture<>(PayoutSaga.class);
        registerResources(new StripeCredits(new CustomerCredits() {
            @Override
            public CreditReceipt credit(CreditRebate request) {
                throw new IllegalStateException("adapter bug");
            }

            @Override
            public Optional<CreditReceipt> find(String payoutId, String stripeCustomerId) {
                throw new IllegalStateException("adapter bug");
            }
        }), StripeCash.off(), customerId ->
                Optional.of(new BillingCustomer(customerId, "cus_Stripe1", Currency.getInstance("EUR"))));
        fixture.givenNoPriorActivity()
                .whenAggregate(BOOK).publishes(REQUESTED)
                .expectScheduledDeadlineWithName(Duration.ofMinutes(1), PayoutSaga.RETRY)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void aLateSettlementAfterGivingUpEndsTheSagaWithoutCreditingAgain() {
        credits.refusingAll();
        fixture.givenAggregate(BOOK).published(REQUESTED)
                .whenPublishingA(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines()
                .expectPublishedEvents();
        assertThat(credits.requests()).as("only the first, refused, attempt").hasSize(1);
    }

    @Test
    void aPayoutGivenUpIsForgottenWhenNoLateConfirmationCame() throws Exception {
        credits.refusingAll();
        fixture.givenAggregate(BOOK).published(REQUESTED)
                .whenTimeElapses(Duration.ofDays(30))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectPublishedEvents();
        assertThat(credits.requests()).hasSize(1);
    }

    @Test
    void aSettlementConfirmedWhileWaitingToRetryStopsTheRetries() {
        credits.failingFirst(1);
        fixture.givenAggregate(BOOK).published(REQUESTED)
                .whenPublishingA(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
        assertThat(credits.requests()).hasSize(1);
    }

    @Test
    void aDuplicateSettlementChangesNothing() {
        fixture.givenAggregate(BOOK).published(REQUESTED)
                .andThenAPublished(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt))
                .whenPublishingA(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines()
                .expectPublishedEvents();
        assertThat(credits.requests()).containsExactly(REQUEST);
    }

    @Test
    void withoutStripeConfiguredThePayoutStaysRequestedAndLooksAgainLater() {
        fixture = new SagaTestFixture<>(PayoutSaga.class);
        registerResources(StripeCredits.notConfigured(), StripeCash.off(), customerId -> Optional.empty());
        fixture.givenNoPriorActivity()
                .whenAggregate(BOOK).publishes(REQUESTED)
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectPublishedEvents()
                .expectScheduledDeadlineWithName(Duration.ofMinutes(10), PayoutSaga.RETRY);
    }

    // ---- cash through Stripe Connect

    private static final ConnectedAccountId ACCOUNT = new ConnectedAccountId("acct_1Anna");
    private static final PayCash CASH = new PayCash(PAYOUT, CUSTOMER, "acct_1Anna", AMOUNT,
            PostingId.of("payout", PAYOUT, "paid").value());

    @Test
    void withConnectPayoutsOnTheWayIsChosenAndCommittedBeforeStripeIsAsked() {
        connectPayoutsOn();
        accounts.setConnectedAccount(CUSTOMER, ACCOUNT);
        fixture.givenNoPriorActivity()
                .whenAggregate(BOOK).publishes(REQUESTED)
                .expectScheduledDeadlineWithName(Duration.ZERO, PayoutSaga.RETRY)
                .expectNoDispatchedCommands()
                .expectPublishedEvents()
                .expectActiveSagas(1);
        assertThat(cash.requests()).isEmpty();
        assertThat(credits.requests()).isEmpty();
    }

    @Test
    void withConnectPayoutsOnACustomerWithAConnectedAccountIsPaidOneTransferAndNothingIsCredited() throws Exception {
        connectPayoutsOn();
        accounts.setConnectedAccount(CUSTOMER, ACCOUNT);
        fixture.givenAggregate(BOOK).published(REQUESTED)
                .whenTimeElapses(Duration.ZERO)
                .expectPublishedEvents(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt, PayoutMethod.CASH))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
        assertThat(cash.requests()).containsExactly(CASH);
        assertThat(credits.requests()).isEmpty();
    }

    @ParameterizedTest(name = "Connect payouts on: {0}, connected account: {1}: credited, never a transfer")
    @CsvSource({"true, false", "false, true", "false, false"})
    void withoutTheSwitchOrWithoutAConnectedAccountThePayoutIsCreditedAndNoTransferIsAskedFor(boolean switchOn,
            boolean hasAccount) throws Exception {
        fixture = new SagaTestFixture<>(PayoutSaga.class);
        if (hasAccount) {
            accounts.setConnectedAccount(CUSTOMER, ACCOUNT);
        }
        registerResources(new StripeCredits(credits), switchOn ? new StripeCash(cash) : StripeCash.off(),
                PayoutSagaTest::inEuro);
        FixtureExecutionResult result = switchOn
                ? fixture.givenAggregate(BOOK).published(REQUESTED).whenTimeElapses(Duration.ZERO)
                : fixture.givenNoPriorActivity().whenAggregate(BOOK).publishes(REQUESTED);
        result.expectPublishedEvents(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt, PayoutMethod.CREDIT));
        assertThat(credits.requests()).containsExactly(REQUEST);
        assertThat(cash.requests()).isEmpty();
    }

    @Test
    void aTransferStripeFailsIsTriedAgainWithTheSameRequestAndMadeOnce() throws Exception {
        connectPayoutsOn();
        accounts.setConnectedAccount(CUSTOMER, ACCOUNT);
        cash.failingFirst(2);
        fixture.givenAggregate(BOOK).published(REQUESTED)
                .andThenTimeElapses(Duration.ZERO)
                .andThenTimeElapses(Duration.ofMinutes(1))
                .whenTimeElapses(Duration.ofMinutes(2))
                .expectPublishedEvents(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt, PayoutMethod.CASH))
                .expectActiveSagas(0);
        assertThat(cash.requests()).containsExactly(CASH, CASH, CASH);
        assertThat(cash.transferred()).containsExactly(CASH);
        assertThat(credits.requests()).isEmpty();
    }

    @Test
    void theWayIsChosenOnceAConnectedAccountSetWhileACreditIsRetriedChangesNothing() throws Exception {
        connectPayoutsOn();
        credits.failingFirst(1);
        ContinuedGivenState given = fixture.givenAggregate(BOOK).published(REQUESTED)
                .andThenTimeElapses(Duration.ZERO);
        assertThat(credits.requests()).as("the first attempt, a credit, failed").hasSize(1);
        accounts.setConnectedAccount(CUSTOMER, ACCOUNT);
        given.whenTimeElapses(Duration.ofMinutes(1))
                .expectPublishedEvents(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt, PayoutMethod.CREDIT));
        assertThat(credits.requests()).containsExactly(REQUEST, REQUEST);
        assertThat(cash.requests()).isEmpty();
    }

    @Test
    void aTransferStripeMadeWhileEveryAnswerWasLostIsFoundBeforeGivingUpAndSettledAsCash() throws Exception {
        connectPayoutsOn();
        accounts.setConnectedAccount(CUSTOMER, ACCOUNT);
        cash.transferringButAnsweringUnavailableFirst(Integer.MAX_VALUE);
        afterFailures(MAX_ATTEMPTS)
                .expectPublishedEvents(new PayoutSettled(PAYOUT, CUSTOMER, AMOUNT, creditedAt, PayoutMethod.CASH))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
        assertThat(cash.requests()).hasSize(MAX_ATTEMPTS).containsOnly(CASH);
        assertThat(cash.lookUps()).containsExactly(PAYOUT);
        assertThat(credits.lookUps()).isEmpty();
    }

    @Test
    void aTransferStripeKeepsFailingIsGivenUpWhenStripeHoldsNone() throws Exception {
        connectPayoutsOn();
        accounts.setConnectedAccount(CUSTOMER, ACCOUNT);
        cash.failingFirst(Integer.MAX_VALUE).lookUpsFailingFirst(1);
        givenFailed(MAX_ATTEMPTS)
                .whenTimeElapses(Duration.ofMinutes(10))
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (AbandonPayout command) -> command.reason().contains("Stripe holds no transfer"))),
                        andNoMore()))
                .expectPublishedEvents();
        assertThat(cash.lookUps()).containsExactly(PAYOUT, PAYOUT);
        assertThat(credits.requests()).isEmpty();
    }

    @Test
    void aTransferStripeRefusesIsGivenUpAtOnce() throws Exception {
        connectPayoutsOn();
        accounts.setConnectedAccount(CUSTOMER, ACCOUNT);
        cash.refusingAll();
        fixture.givenAggregate(BOOK).published(REQUESTED)
                .whenTimeElapses(Duration.ZERO)
                .expectDispatchedCommandsMatching(exactSequenceOf(messageWithPayload(predicate(
                        (AbandonPayout command) -> command.reason().startsWith("Stripe refused the transfer")
                                && command.reason().contains("No such destination"))), andNoMore()))
                .expectPublishedEvents();
        assertThat(cash.lookUps()).isEmpty();
        assertThat(credits.requests()).isEmpty();
    }

    /** The payout requested, then each retry's deadline reached, until {@code failures} attempts have failed. */
    private FixtureExecutionResult afterFailures(int failures) throws Exception {
        if (failures == 1) {
            return fixture.givenAggregate(BOOK).published(REQUESTED).whenTimeElapses(Duration.ZERO);
        }
        return givenFailed(failures - 1).whenTimeElapses(PROPERTIES.retryDelayAfter(failures - 1));
    }

    /** Given the payout requested, then each retry's deadline reached, until {@code failures} attempts have failed. */
    private ContinuedGivenState givenFailed(int failures) throws Exception {
        // With Connect payouts on the first attempt is a deadline due now; otherwise this step changes nothing
        ContinuedGivenState given = fixture.givenAggregate(BOOK).published(REQUESTED).andThenTimeElapses(Duration.ZERO);
        for (int failed = 1; failed < failures; failed++) {
            given = given.andThenTimeElapses(PROPERTIES.retryDelayAfter(failed));
        }
        return given;
    }


    /** While Stripe does not answer, each retry publishes its failed attempt (the customer's page says "delayed"). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Matcher<List<EventMessage<?>>> onlyFailedAttempts() {
        return (Matcher) payloadsMatching((Matcher) allOf(not(empty()),
                everyItem(instanceOf(PayoutAttemptFailed.class))));
    }
}
