package org.ristourne.billing.credit;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.CustomerBalanceTransaction;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerBalanceTransactionCreateParams;
import com.stripe.param.CustomerBalanceTransactionListParams;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CreditReceipt;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.CreditRefused;
import org.ristourne.billing.api.CustomerCredits;
import org.ristourne.billing.stripe.StripeClients;
import org.ristourne.billing.stripe.StripeErrors;
import org.ristourne.billing.stripe.StripeSettings;
import org.ristourne.billing.stripe.StripeAmount;

/**
 * Credits a customer's rebates to their Stripe balance: a customer balance transaction with a negative amount, which
 * Stripe deducts from the customer's next invoice. No money moves and nothing else is needed from the customer.
 *
 * <p>Never twice, by two guards:
 * <ol>
 *     <li>Every call first lists the customer's balance transactions and looks for one whose metadata names the
 *     payout. Stripe forgets idempotency keys after 24 hours, and the saga cannot know when a crashed attempt
 *     reached Stripe, so the look-up is done always, not only "after a while": one list request per payout is cheap,
 *     and it is the guard that does not expire.</li>
 *     <li>The create carries an Idempotency-Key derived from the payout id alone ({@value #KEY_PREFIX}payoutId), so two
 *     attempts racing past the look-up, or an attempt whose answer was lost, get the one credit Stripe already made.
 *     </li>
 * </ol>
 * A credit found for the payout with another amount or currency is refused, not topped up: that is for a person.
 */
public final class StripeCustomerCredits implements CustomerCredits {

    static final String KEY_PREFIX = "ristourne-credit-";
    static final String PAYOUT_ID = "payout_id";
    static final String LEDGER_REFERENCE = "ledger_reference";
    /** Stripe's limit is 255; the prefix takes 17. */
    private static final int MAX_PAYOUT_ID_LENGTH = 200;
    private static final long PAGE_SIZE = 100;

    private final StripeClient stripe;

    public StripeCustomerCredits(StripeClient stripe) {
        this.stripe = Objects.requireNonNull(stripe, "stripe");
    }

    /**
     * Credits through the Stripe account the settings name: how the broker, which never sees a Stripe type, gets one.
     */
    public static CustomerCredits connectedTo(StripeSettings settings) {
        return new StripeCustomerCredits(StripeClients.create(settings));
    }

    /** The Idempotency-Key of a payout's credit: the same for every attempt, never random. */
    public static String idempotencyKey(String payoutId) {
        return KEY_PREFIX + payoutId;
    }

    @Override
    public CreditReceipt credit(CreditRebate request) {
        StripeAmount credit = stripeCredit(request);
        try {
            Optional<CustomerBalanceTransaction> earlier = findCreditOf(request.payoutId(),
                    request.stripeCustomerId());
            if (earlier.isPresent()) {
                return receipt(request, requireSameCredit(request, credit, earlier.get()));
            }
            CustomerBalanceTransaction created = stripe.v1().customers().balanceTransactions().create(
                    request.stripeCustomerId(),
                    CustomerBalanceTransactionCreateParams.builder()
                            .setAmount(credit.value())
                            .setCurrency(credit.currency())
                            .setDescription("Ristourne rebates, payout " + request.payoutId())
                            .putMetadata(PAYOUT_ID, request.payoutId())
                            .putMetadata(LEDGER_REFERENCE, request.ledgerReference())
                            .build(),
                    RequestOptions.builder().setIdempotencyKey(idempotencyKey(request.payoutId())).build());
            // An idempotent replay returns the credit made for this key earlier: check it is this payout's.
            return receipt(request, requireSameCredit(request, credit, created));
        } catch (StripeException e) {
            throw translate(request, e);
        }
    }

    /**
     * The same look-up by metadata that every credit starts with. A look-up Stripe refuses (an unknown customer, a key
     * without read access) cannot tell whether a credit exists either: it is reported unavailable, never as "none".
     */
    @Override
    public Optional<CreditReceipt> find(String payoutId, String stripeCustomerId) {
        try {
            return findCreditOf(payoutId, stripeCustomerId).map(found -> receipt(payoutId, found));
        } catch (StripeException e) {
            throw new BillingUnavailable("look-up of payout " + payoutId + " on " + stripeCustomerId
                    + ": " + StripeErrors.outcome(e), e);
        }
    }

    private static StripeAmount stripeCredit(CreditRebate request) {
        if (request.payoutId().isBlank() || request.payoutId().length() > MAX_PAYOUT_ID_LENGTH) {
            throw new CreditRefused("payout id must be 1 to " + MAX_PAYOUT_ID_LENGTH
                    + " characters to make an idempotency key, got '" + request.payoutId() + "'");
        }
        if (!request.stripeCustomerId().startsWith("cus_")) {
            throw new CreditRefused("payout " + request.payoutId() + ": '" + request.stripeCustomerId()
                    + "' is not a Stripe customer id");
        }
        try {
            return StripeAmount.of(request.amount()).negate();
        } catch (StripeAmount.UnsupportedStripeAmount e) {
            throw new CreditRefused("payout " + request.payoutId() + ": " + e.getMessage(), e);
        }
    }

    /** Stripe lists newest first; a customer has a handful of balance transactions a month, so walking all is cheap. */
    private Optional<CustomerBalanceTransaction> findCreditOf(String payoutId, String stripeCustomerId)
            throws StripeException {
        Iterable<CustomerBalanceTransaction> all = stripe.v1().customers().balanceTransactions()
                .list(stripeCustomerId,
                        CustomerBalanceTransactionListParams.builder().setLimit(PAGE_SIZE).build())
                .autoPagingIterable();
        return StripeErrors.first(all, transaction -> transaction.getMetadata() != null
                && payoutId.equals(transaction.getMetadata().get(PAYOUT_ID)));
    }

    private static CustomerBalanceTransaction requireSameCredit(CreditRebate request, StripeAmount credit,
                                                                CustomerBalanceTransaction found) {
        Map<String, String> metadata = found.getMetadata();
        String payout = metadata == null ? null : metadata.get(PAYOUT_ID);
        if (!request.payoutId().equals(payout) || !Objects.equals(found.getAmount(), credit.value())
                || !credit.currency().equals(found.getCurrency())) {
            throw new CreditRefused("payout " + request.payoutId() + " was already credited on Stripe as "
                    + found.getId() + " for payout " + payout + ", " + found.getAmount() + " "
                    + found.getCurrency() + ", not " + credit.value() + " " + credit.currency()
                    + ": left for an operator");
        }
        return found;
    }

    private static CreditReceipt receipt(CreditRebate request, CustomerBalanceTransaction transaction) {
        return receipt(request.payoutId(), transaction);
    }

    private static CreditReceipt receipt(String payoutId, CustomerBalanceTransaction transaction) {
        return new CreditReceipt(payoutId, transaction.getId(),
                Instant.ofEpochSecond(Objects.requireNonNull(transaction.getCreated(), "created")));
    }

    private static RuntimeException translate(CreditRebate request, StripeException e) {
        String what = "credit of payout " + request.payoutId() + " to " + request.stripeCustomerId();
        if (StripeErrors.passing(e)) {
            return new BillingUnavailable(what + ": " + StripeErrors.outcome(e), e);
        }
        // An idempotency error is the payout's key used with other parameters: another customer, amount or currency.
        return new CreditRefused(what + " refused: " + StripeErrors.outcome(e), e);
    }
}
