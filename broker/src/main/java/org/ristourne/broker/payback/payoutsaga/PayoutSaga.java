package org.ristourne.broker.payback.payoutsaga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.jspecify.annotations.Nullable;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CashPayouts;
import org.ristourne.billing.api.CashReceipt;
import org.ristourne.billing.api.CashRefused;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.CreditReceipt;
import org.ristourne.billing.api.CreditRefused;
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
import org.ristourne.broker.payback.ConnectedAccounts;
import org.ristourne.broker.payback.PaybackProperties;
import org.ristourne.broker.payback.StripeCash;
import org.ristourne.broker.payback.StripeCredits;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One payout, from its reservation in the customer's payout book to Stripe's credit on the customer's balance, or,
 * with Connect payouts switched on and a connected account for the customer, to a Stripe Connect transfer (cash). The
 * way is chosen once, at the first attempt, and the guarantees below hold for both.
 *
 * <ul>
 * <li>Started by {@link PayoutRequested}; asks billing's {@link CustomerCredits} at once.</li>
 * <li>Credited (or transferred): publishes billing's {@link PayoutSettled} with how it was paid, which the ledger's
 * booking policy books like any other settlement, and ends.</li>
 * <li>Stripe unavailable: tries again through a deadline, 1, 2, 4 … times {@code first-retry-delay}, capped at
 * {@code max-retry-delay}, and publishes {@link PayoutAttemptFailed} with the time of the next attempt (the
 * customer's page says "delayed"), always with the same request: the same payout id gives the same idempotency key,
 * so a credit Stripe made although we never heard of it is answered, not made again.</li>
 * <li>Unavailable {@code max-attempts} times: asks billing whether Stripe holds a credit for the payout after all
 * ({@link CustomerCredits#find}), since a credit made while every answer was lost would otherwise be paid a second
 * time once the rebate is payable again. Found: settled as on success. Not found: given up. The look-up unavailable
 * too: asked again every {@code max-retry-delay}, and given up unverified, with an ERROR, only after
 * {@code give-up-unverified-after} (deadline {@value #UNVERIFIED}).</li>
 * <li>Refused by Stripe (no credit was made), or not found after {@code max-attempts}: gives up
 * ({@link AbandonPayout}, the rebate is payable again) with an ERROR line for the operator, and keeps listening for a
 * late confirmation for
 * {@code forget-abandoned-after}. A late {@link PayoutSettled} is booked by the ledger, once (the book is idempotent
 * by payout id).</li>
 * <li>No {@link CustomerCredits} on this node (Stripe not configured): the payout stays requested; it looks again every
 * {@code max-retry-delay}, without counting that as a failure.</li>
 * </ul>
 *
 * <p>Transactions: saga handlers and deadline handlers run inside their unit of work's database transaction, so the
 * call to Stripe happens while that transaction is open (for at most billing's HTTP timeout). That is chosen, not
 * suffered: the saga's new state, the {@link PayoutSettled} it publishes and the processor's token commit together
 * after Stripe answered. Should the process die between Stripe's acceptance and that commit, nothing of it was
 * recorded: the event (or the deadline) is handled again after restart and sends the same request, which Stripe
 * answers from its idempotency key, or billing finds by the payout id in the credit's metadata. Splitting the call out
 * of the transaction would need an outbox of its own for the same guarantee.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class PayoutSaga {

    static final String RETRY = "payout-retry";
    static final String FORGET = "payout-forget";
    static final String UNVERIFIED = "payout-unverified";

    private static final Logger log = LoggerFactory.getLogger(PayoutSaga.class);

    @Autowired
    private transient StripeCredits credits;
    @Autowired
    private transient StripeCash cash;
    @Autowired
    private transient ConnectedAccounts accounts;
    @Autowired
    private transient BillingCustomers customers;
    @Autowired
    private transient PaybackProperties properties;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient EventBus eventBus;
    @Autowired
    private transient CommandGateway commands;

    private String bookId;
    private String customerId;
    private String payoutId;
    private Money amount;
    private int failures;
    private boolean abandoned;
    /** {@code max-attempts} failed: only looking up whether Stripe credited, never crediting again. */
    private boolean verifying;
    private int failedLookUps;
    private @Nullable String stripeCustomerId;
    private @Nullable String lastFailure;
    /** Chosen at the first attempt with Stripe and kept; absent in sagas started before cash existed: credit. */
    private @Nullable PayoutMethod method;
    private @Nullable String connectedAccountId;

    @StartSaga
    @SagaEventHandler(associationProperty = "payoutId")
    void on(PayoutRequested event) {
        bookId = event.bookId();
        customerId = event.customerId();
        payoutId = event.payoutId();
        amount = event.amount();
        if (cash.port().isPresent()) {
            // With Connect payouts on, the way depends on the customer's connected account, which the operator may
            // change at any time: the choice is committed with the saga before Stripe is asked (first attempt through
            // a deadline due now), so a crash after Stripe accepted cannot choose again, and differently, on restart.
            chooseMethod();
            deadlines.schedule(Duration.ZERO, RETRY);
            return;
        }
        method = PayoutMethod.CREDIT;
        attempt();
    }

    @DeadlineHandler(deadlineName = RETRY)
    void retry() {
        if (abandoned) {
            return;
        }
        if (verifying) {
            lookUpBeforeGivingUp();
        } else {
            attempt();
        }
    }

    /** The look-up before giving up has failed for {@code give-up-unverified-after}: given up blind, loudly. */
    @DeadlineHandler(deadlineName = UNVERIFIED)
    void unverified() {
        if (abandoned || !verifying) {
            return;
        }
        deadlines.cancelAllWithinScope(RETRY);
        giveUp("Stripe unavailable " + failures + " times, last: " + lastFailure + "; and for "
                + properties.giveUpUnverifiedAfter() + " Stripe could not be asked whether it paid the payout:"
                + " the " + what() + " is UNVERIFIED, Stripe may hold it");
    }

    /**
     * Stripe's credit is settled: by this saga itself (then it has ended already), or confirmed some other way while it
     * was waiting to try again, or after it gave up. The ledger books the settlement; the saga only stops.
     */
    @EndSaga
    @SagaEventHandler(associationProperty = "payoutId")
    void on(PayoutSettled event) {
        if (abandoned) {
            log.warn("Payout {} of {} to customer {} was settled by Stripe after it had been given up: the ledger"
                    + " books it once, if the rebate is still payable (otherwise the booking is parked)", payoutId,
                    amount, customerId);
        }
        deadlines.cancelAllWithinScope(RETRY);
        deadlines.cancelAllWithinScope(FORGET);
        deadlines.cancelAllWithinScope(UNVERIFIED);
    }

    @DeadlineHandler(deadlineName = FORGET)
    void forget() {
        log.info("Payout {} of {} to customer {}: no late confirmation came; forgotten", payoutId, amount, customerId);
        SagaLifecycle.end();
    }

    private void attempt() {
        Optional<CustomerCredits> port = credits.port();
        if (port.isEmpty()) {
            log.warn("Stripe is not configured: payout {} of {} to customer {} stays requested; looking again in {}",
                    payoutId, amount, customerId, properties.maxRetryDelay());
            deadlines.schedule(properties.maxRetryDelay(), RETRY);
            return;
        }
        Optional<BillingCustomer> customer = customers.find(customerId);
        if (customer.isEmpty()) {
            giveUp("customer " + customerId + " has no Stripe customer");
            return;
        }
        if (!customer.get().currency().equals(amount.currency())) {
            // Stripe keeps one balance currency per customer: a credit in another would be refused, or converted
            giveUp("customer " + customerId + " is billed in " + customer.get().currency() + ", not "
                    + amount.currency());
            return;
        }
        stripeCustomerId = customer.get().stripeCustomerId();
        if (method == null) {
            // A saga from before cash payouts existed: after a failed attempt it may have credited, so it stays credit
            if (failures > 0) {
                method = PayoutMethod.CREDIT;
            } else {
                chooseMethod();
            }
        }
        Optional<CashPayouts> cashPort = cash.port();
        if (method == PayoutMethod.CASH && cashPort.isEmpty()) {
            log.warn("Payout {} of {} to customer {} is paid in cash, but Connect payouts are off on this node;"
                    + " looking again in {}", payoutId, amount, customerId, properties.maxRetryDelay());
            deadlines.schedule(properties.maxRetryDelay(), RETRY);
            return;
        }
        Paid paid;
        try {
            paid = method == PayoutMethod.CASH ? Paid.of(cashPort.orElseThrow().pay(payCash()))
                    : Paid.of(port.get().credit(new CreditRebate(payoutId, customerId, stripeCustomerId, amount,
                    ledgerReference(payoutId))));
        } catch (BillingUnavailable e) {
            unavailable(e.getMessage());
            return;
        } catch (CreditRefused | CashRefused e) {
            giveUp("Stripe refused the " + what() + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            // Outside the port's contract (a bug in the adapter, say): whether Stripe paid is unknown, so it is
            // handled as unavailable (the same request again, then given up loudly) rather than thrown, which would
            // stop the saga processor, and so every other payout, until it is fixed.
            log.error("Payout {}: billing failed outside its contract", payoutId, e);
            unavailable(e.toString());
            return;
        }
        settled(paid);
    }

    /**
     * Cash when Connect payouts are on and the customer has a connected account, credit otherwise; chosen once, before
     * the first attempt with Stripe, and kept: every retry and the look-up before giving up ask about the same
     * payment, so a change of the customer's account (or of the switch) while the payout is in flight can never pay it
     * both ways.
     */
    private void chooseMethod() {
        Optional<ConnectedAccountId> account = cash.port().isPresent()
                ? accounts.connectedAccountOf(customerId) : Optional.empty();
        method = account.isPresent() ? PayoutMethod.CASH : PayoutMethod.CREDIT;
        connectedAccountId = account.map(ConnectedAccountId::value).orElse(null);
    }

    private PayCash payCash() {
        return new PayCash(payoutId, customerId, Objects.requireNonNull(connectedAccountId, "connectedAccountId"),
                amount, ledgerReference(payoutId));
    }

    private String what() {
        return method == PayoutMethod.CASH ? "transfer" : "credit";
    }

    private void settled(Paid paid) {
        eventBus.publish(GenericEventMessage.asEventMessage(new PayoutSettled(payoutId, customerId, amount, paid.at(),
                method == null ? PayoutMethod.CREDIT : method)));
        SagaLifecycle.end();
    }

    /** What Stripe holds for the payout, credit or transfer: its id and when Stripe made it. */
    private record Paid(String stripeId, Instant at) {

        static Paid of(CreditReceipt receipt) {
            return new Paid(receipt.balanceTransactionId(), receipt.creditedAt());
        }

        static Paid of(CashReceipt receipt) {
            return new Paid(receipt.transferId(), receipt.paidAt());
        }
    }

    private void unavailable(String why) {
        failures++;
        if (failures >= properties.maxAttempts()) {
            verifying = true;
            lastFailure = why;
            log.warn("Payout {} of {} to customer {}: Stripe unavailable {} times (last: {}); asking Stripe whether it"
                    + " made the {} before giving up", payoutId, amount, customerId, failures, why, what());
            lookUpBeforeGivingUp();
            return;
        }
        Duration wait = properties.retryDelayAfter(failures);
        log.warn("Payout {} of {} to customer {}: Stripe unavailable (attempt {} of {}: {}); trying again in {}",
                payoutId, amount, customerId, failures, properties.maxAttempts(), why, wait);
        deadlines.schedule(wait, RETRY);
        attemptFailed(failures, why, wait);
    }

    /**
     * Made public, for the customer's page: the payout is delayed, not lost. Published with the deadline in the
     * saga's unit of work, so a retry that was scheduled is always one that was told. Its time is the deadline's
     * (Axon's clock), give or take the deadline manager's polling.
     */
    private void attemptFailed(int attempt, @Nullable String why, Duration wait) {
        Instant next = GenericEventMessage.clock.instant().plus(wait);
        eventBus.publish(GenericEventMessage.asEventMessage(new PayoutAttemptFailed(customerId, payoutId, attempt,
                why == null ? "unknown" : why, next)));
    }

    /**
     * Whether Stripe holds the credit although no attempt heard so: found, it is settled; not found, given up; not
     * known (the look-up failing too, or Stripe not configured on this node), asked again at the capped delay until
     * {@code give-up-unverified-after}.
     */
    private void lookUpBeforeGivingUp() {
        Optional<Paid> found;
        try {
            found = lookUp();
        } catch (RuntimeException e) {
            if (!(e instanceof BillingUnavailable)) {
                log.error("Payout {}: billing's look-up failed outside its contract", payoutId, e);
            }
            lookUpFailed(e.getMessage());
            return;
        }
        deadlines.cancelAllWithinScope(UNVERIFIED);
        if (found.isPresent()) {
            log.warn("Payout {} of {} to customer {}: Stripe had made the {} ({}) although no attempt heard so;"
                    + " settled, not given up", payoutId, amount, customerId, what(), found.get().stripeId());
            settled(found.get());
            return;
        }
        giveUp("Stripe unavailable " + failures + " times, last: " + lastFailure + "; Stripe holds no " + what()
                + " for the payout");
    }

    private Optional<Paid> lookUp() {
        if (method == PayoutMethod.CASH) {
            CashPayouts port = cash.port().orElseThrow(() -> new BillingUnavailable(
                    "Connect payouts are off on this node", null));
            return port.find(payoutId, Objects.requireNonNull(connectedAccountId, "connectedAccountId"))
                    .map(Paid::of);
        }
        CustomerCredits port = credits.port().orElseThrow(() -> new BillingUnavailable(
                "Stripe is not configured on this node", null));
        return port.find(payoutId, Objects.requireNonNull(stripeCustomerId, "stripeCustomerId")).map(Paid::of);
    }

    private void lookUpFailed(@Nullable String why) {
        failedLookUps++;
        if (failedLookUps == 1) {
            deadlines.schedule(properties.giveUpUnverifiedAfter(), UNVERIFIED);
        }
        log.warn("Payout {} of {} to customer {}: cannot ask Stripe whether it paid the payout ({}); not giving"
                + " up blind, asking again in {} (given up unverified {} after the first failed look-up)", payoutId,
                amount, customerId, why, properties.maxRetryDelay(), properties.giveUpUnverifiedAfter());
        deadlines.schedule(properties.maxRetryDelay(), RETRY);
        attemptFailed(failures + failedLookUps, why, properties.maxRetryDelay());
    }

    private void giveUp(String reason) {
        abandoned = true;
        commands.sendAndWait(new AbandonPayout(bookId, payoutId, reason));
        log.error("Payout {} of {} to customer {} given up: {}. The rebate is payable again and will be part of the"
                + " customer's next payout; check the customer in Stripe (metadata payout_id={}, on balance"
                + " transactions and on transfers) before paying by hand", payoutId, amount, customerId, reason,
                payoutId);
        deadlines.schedule(properties.forgetAbandonedAfter(), FORGET);
    }

    /** The ledger posting that will record the payout: Stripe's metadata names it beside the payout id. */
    static String ledgerReference(String payoutId) {
        return PostingId.of("payout", payoutId, "paid").value();
    }
}
