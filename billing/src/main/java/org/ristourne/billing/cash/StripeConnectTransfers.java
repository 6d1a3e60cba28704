package org.ristourne.billing.cash;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ristourne.billing.api.BillingUnavailable;
import org.ristourne.billing.api.CashPayouts;
import org.ristourne.billing.api.CashReceipt;
import org.ristourne.billing.api.CashRefused;
import org.ristourne.billing.api.PayCash;
import org.ristourne.billing.stripe.StripeAmount;
import org.ristourne.billing.stripe.StripeClients;
import org.ristourne.billing.stripe.StripeErrors;
import org.ristourne.billing.stripe.StripeSettings;

/**
 * Pays a customer's rebates as cash: a Stripe Connect transfer ({@code POST /v1/transfers}) from the platform's balance
 * to the customer's connected account. Only built when the platform has switched Connect payouts on.
 *
 * <p>Never twice, by the same two guards as {@code StripeCustomerCredits}:
 * <ol>
 *     <li>Every payment first lists the transfers to that connected account ({@code GET /v1/transfers?destination=…},
 *     newest first, page by page) and looks for one whose metadata names the payout: the guard that does not expire
 *     when Stripe forgets the idempotency key after 24 hours.</li>
 *     <li>The create carries the Idempotency-Key {@value #KEY_PREFIX}payoutId, so two attempts racing past the look-up,
 *     or an attempt whose answer was lost, get the one transfer Stripe already made.</li>
 * </ol>
 * A transfer found for the payout with another amount, currency or destination is refused, not topped up.
 */
public final class StripeConnectTransfers implements CashPayouts {

    static final String KEY_PREFIX = "ristourne-transfer-";
    static final String PAYOUT_ID = "payout_id";
    static final String CUSTOMER_ID = "customer_id";
    static final String LEDGER_REFERENCE = "ledger_reference";
    /** Stripe's limit for an idempotency key is 255; the prefix takes 19. */
    private static final int MAX_PAYOUT_ID_LENGTH = 200;
    private static final long PAGE_SIZE = 100;
    private static final Pattern CONNECTED_ACCOUNT = Pattern.compile("acct_[A-Za-z0-9]{1,250}");

    private final StripeClient stripe;

    public StripeConnectTransfers(StripeClient stripe) {
        this.stripe = Objects.requireNonNull(stripe, "stripe");
    }

    /** Transfers through the Stripe account the settings name (the platform's), for the broker. */
    public static CashPayouts connectedTo(StripeSettings settings) {
        return new StripeConnectTransfers(StripeClients.create(settings));
    }

    /** The Idempotency-Key of a payout's transfer: the same for every attempt, never random. */
    public static String idempotencyKey(String payoutId) {
        return KEY_PREFIX + payoutId;
    }

    /** A Stripe connected account id, {@code acct_} and letters or digits. */
    public static boolean isConnectedAccountId(String value) {
        return CONNECTED_ACCOUNT.matcher(value).matches();
    }

    @Override
    public CashReceipt pay(PayCash request) {
        StripeAmount amount = stripeAmount(request);
        try {
            Optional<Transfer> earlier = transferOf(request.payoutId(), request.connectedAccountId());
            if (earlier.isPresent()) {
                return receipt(request.payoutId(), requireSameTransfer(request, amount, earlier.get()));
            }
            Transfer created = stripe.v1().transfers().create(TransferCreateParams.builder()
                            .setAmount(amount.value())
                            .setCurrency(amount.currency())
                            .setDestination(request.connectedAccountId())
                            .setDescription("Ristourne rebates, payout " + request.payoutId())
                            .putMetadata(PAYOUT_ID, request.payoutId())
                            .putMetadata(CUSTOMER_ID, request.customerId())
                            .putMetadata(LEDGER_REFERENCE, request.ledgerReference())
                            .build(),
                    RequestOptions.builder().setIdempotencyKey(idempotencyKey(request.payoutId())).build());
            // An idempotent replay returns the transfer made for this key earlier: check it is this payout's.
            return receipt(request.payoutId(), requireSameTransfer(request, amount, created));
        } catch (StripeException e) {
            String what = "transfer of payout " + request.payoutId() + " to " + request.connectedAccountId();
            if (StripeErrors.passing(e)) {
                throw new BillingUnavailable(what + ": " + StripeErrors.outcome(e), e);
            }
            throw new CashRefused(what + " refused: " + StripeErrors.outcome(e), e);
        }
    }

    /** A look-up Stripe refuses (an unknown destination, say) cannot tell either: unavailable, never "none". */
    @Override
    public Optional<CashReceipt> find(String payoutId, String connectedAccountId) {
        try {
            return transferOf(payoutId, connectedAccountId).map(found -> receipt(payoutId, found));
        } catch (StripeException e) {
            throw new BillingUnavailable("look-up of the transfer of payout " + payoutId + " to " + connectedAccountId
                    + ": " + StripeErrors.outcome(e), e);
        }
    }

    private static StripeAmount stripeAmount(PayCash request) {
        if (request.payoutId().isBlank() || request.payoutId().length() > MAX_PAYOUT_ID_LENGTH) {
            throw new CashRefused("payout id must be 1 to " + MAX_PAYOUT_ID_LENGTH
                    + " characters to make an idempotency key, got '" + request.payoutId() + "'");
        }
        if (!isConnectedAccountId(request.connectedAccountId())) {
            throw new CashRefused("payout " + request.payoutId() + ": '" + request.connectedAccountId()
                    + "' is not a Stripe connected account id");
        }
        try {
            return StripeAmount.of(request.amount());
        } catch (StripeAmount.UnsupportedStripeAmount e) {
            throw new CashRefused("payout " + request.payoutId() + ": " + e.getMessage(), e);
        }
    }

    private Optional<Transfer> transferOf(String payoutId, String connectedAccountId) throws StripeException {
        Iterable<Transfer> all = stripe.v1().transfers()
                .list(TransferListParams.builder().setDestination(connectedAccountId).setLimit(PAGE_SIZE).build())
                .autoPagingIterable();
        return StripeErrors.first(all, transfer -> transfer.getMetadata() != null
                && payoutId.equals(transfer.getMetadata().get(PAYOUT_ID)));
    }

    private static Transfer requireSameTransfer(PayCash request, StripeAmount amount, Transfer found) {
        Map<String, String> metadata = found.getMetadata();
        String payout = metadata == null ? null : metadata.get(PAYOUT_ID);
        if (!request.payoutId().equals(payout) || !Objects.equals(found.getAmount(), amount.value())
                || !amount.currency().equals(found.getCurrency())
                || !request.connectedAccountId().equals(found.getDestination())) {
            throw new CashRefused("payout " + request.payoutId() + " was already transferred on Stripe as "
                    + found.getId() + " for payout " + payout + ", " + found.getAmount() + " " + found.getCurrency()
                    + " to " + found.getDestination() + ", not " + amount.value() + " " + amount.currency() + " to "
                    + request.connectedAccountId() + ": left for an operator");
        }
        return found;
    }

    private static CashReceipt receipt(String payoutId, Transfer transfer) {
        return new CashReceipt(payoutId, transfer.getId(),
                Instant.ofEpochSecond(Objects.requireNonNull(transfer.getCreated(), "created")));
    }
}
