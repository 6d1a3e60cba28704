package org.ristourne.broker.subscribe.stripewebhook;

import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the few fields the broker acts on from a Stripe event's {@code data.object}, given as JSON text by billing's
 * verifier (no Stripe types here). Field names are those of Stripe's API version pinned by billing's stripe-java; a
 * field missing or of another shape reads as absent, and the caller keeps the event with an outcome saying so.
 */
final class StripeObjects {

    /**
     * Currencies whose Stripe unit is not the ISO 4217 minor unit (billing's {@code StripeAmount} refuses them the
     * other way too): an amount in them would be misread by a factor of 100, so such an event is kept, not applied.
     */
    private static final Set<String> NOT_ISO_UNITS = Set.of("ISK", "MGA", "UGX");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Stripe's ids fit the 255 characters our columns keep (its own are far shorter); a longer one is not Stripe's
     * and reads as absent, so the event is kept with an outcome saying so instead of failing to store.
     */
    static final int MAX_ID = 255;
    /** The longest subscription status our column keeps; Stripe's longest is {@code incomplete_expired}. */
    private static final int MAX_STATUS = 32;
    /** No Stripe amount or balance comes near 10^12 minor units; a larger one would overflow sums downstream. */
    private static final long MAX_AMOUNT = 1_000_000_000_000L;
    /** 9999-12-31T23:59:59Z: a later (or negative) Unix time is not a date Stripe sends. */
    private static final long LAST_SECOND = 253_402_300_799L;

    private StripeObjects() {
    }

    /** A completed Checkout Session: who subscribed (our customer id as we gave it to Stripe) and in what currency. */
    record CheckoutCompleted(String sessionId, @Nullable String mode, @Nullable String customerReference,
                             @Nullable String stripeCustomerId, @Nullable String currency) {
    }

    /**
     * A paid invoice: whose, for which subscription period, and what was paid; and the customer's balance before and
     * after it, which tells how much of their credit (credited rebates) Stripe took off it.
     */
    record InvoicePaid(String invoiceId, @Nullable String stripeCustomerId, boolean forSubscription,
                       @Nullable Instant periodStart, @Nullable Instant periodEnd, long amountPaid,
                       @Nullable String currency, @Nullable Long startingBalance, @Nullable Long endingBalance,
                       long total, @Nullable Instant paidAt) {

        /**
         * Credit Stripe took off this invoice, or null for none: a negative starting balance is credit, and the
         * invoice consumed {@code ending_balance - starting_balance} of it (no more than its total, when the ending
         * balance is not given).
         */
        @Nullable Money creditApplied() {
            if (currency == null || NOT_ISO_UNITS.contains(currency) || startingBalance == null
                    || startingBalance >= 0) {
                return null;
            }
            long applied = endingBalance != null ? endingBalance - startingBalance
                    : Math.min(-startingBalance, Math.max(0, total));
            return applied > 0 ? Money.of(applied, Currency.getInstance(currency)) : null;
        }

        /** The amount in the ledger's terms, or null when Stripe counts this currency otherwise than ISO 4217. */
        @Nullable Money amount() {
            if (currency == null || NOT_ISO_UNITS.contains(currency)) {
                return null;
            }
            return Money.of(amountPaid, Currency.getInstance(currency));
        }
    }

    /** A subscription that ended: whose, and when. */
    record SubscriptionDeleted(String subscriptionId, @Nullable String stripeCustomerId, @Nullable Instant endedAt) {
    }

    /**
     * A subscription as Stripe last described it: its status, the current period (that of its items, where the pinned
     * API version keeps it) and whether it ends at that period's end.
     */
    record SubscriptionChanged(String subscriptionId, @Nullable String stripeCustomerId, @Nullable String status,
                               @Nullable Instant currentPeriodStart, @Nullable Instant currentPeriodEnd,
                               boolean cancelAtPeriodEnd) {
    }

    static SubscriptionChanged subscriptionChanged(String rawObject) {
        JsonNode subscription = parse(rawObject);
        Long start = epochSecond(subscription.path("current_period_start"));
        Long end = epochSecond(subscription.path("current_period_end"));
        for (JsonNode item : subscription.path("items").path("data")) {
            Long itemStart = epochSecond(item.path("current_period_start"));
            Long itemEnd = epochSecond(item.path("current_period_end"));
            if (itemStart != null && itemEnd != null) {
                start = start == null ? itemStart : Math.min(start, itemStart);
                end = end == null ? itemEnd : Math.max(end, itemEnd);
            }
        }
        return new SubscriptionChanged(text(subscription, "id"), id(subscription, "customer"),
                text(subscription, "status", MAX_STATUS), start == null ? null : Instant.ofEpochSecond(start),
                end == null ? null : Instant.ofEpochSecond(end),
                subscription.path("cancel_at_period_end").asBoolean(false));
    }

    static CheckoutCompleted checkout(String rawObject) {
        JsonNode session = parse(rawObject);
        String reference = text(session, "client_reference_id");
        if (reference == null) {
            reference = text(session.path("metadata"), "customer_id");
        }
        return new CheckoutCompleted(text(session, "id"), text(session, "mode"), reference, id(session, "customer"),
                currency(session));
    }

    /**
     * The period is that of the invoice's lines (from the earliest start to the latest end): for a subscription
     * invoice the invoice's own {@code period_start}/{@code period_end} describe the previous period, not the one paid.
     */
    static InvoicePaid invoice(String rawObject) {
        JsonNode invoice = parse(rawObject);
        Long start = null;
        Long end = null;
        for (JsonNode line : invoice.path("lines").path("data")) {
            JsonNode period = line.path("period");
            Long lineStart = epochSecond(period.path("start"));
            Long lineEnd = epochSecond(period.path("end"));
            if (lineStart != null && lineEnd != null) {
                start = start == null ? lineStart : Math.min(start, lineStart);
                end = end == null ? lineEnd : Math.max(end, lineEnd);
            }
        }
        JsonNode subscriptionDetails = invoice.path("parent").path("subscription_details");
        String billingReason = text(invoice, "billing_reason");
        boolean forSubscription = subscriptionDetails.isObject()
                || billingReason != null && billingReason.startsWith("subscription");
        Long amountPaid = amount(invoice.path("amount_paid"));
        Long paidAt = epochSecond(invoice.path("status_transitions").path("paid_at"));
        if (paidAt == null) {
            paidAt = epochSecond(invoice.path("created"));
        }
        Long total = amount(invoice.path("total"));
        return new InvoicePaid(text(invoice, "id"), id(invoice, "customer"), forSubscription,
                start == null ? null : Instant.ofEpochSecond(start), end == null ? null : Instant.ofEpochSecond(end),
                amountPaid == null ? -1 : amountPaid, currency(invoice), amount(invoice.path("starting_balance")),
                amount(invoice.path("ending_balance")), total == null ? 0 : total,
                paidAt == null ? null : Instant.ofEpochSecond(paidAt));
    }

    /**
     * A paid invoice Ristourne sent a vendor: its metadata names our invoice ({@code ristourne_invoice_id}) and the
     * vendor ({@code vendor_id}). {@code paidAt} is Stripe's {@code status_transitions.paid_at}.
     */
    record VendorInvoicePaid(String stripeInvoiceId, String invoiceId, @Nullable String vendorId,
                             @Nullable String stripeCustomerId, long amountPaid, @Nullable String currency,
                             @Nullable Instant paidAt) {

        /** The amount in the ledger's terms, or null when Stripe counts this currency otherwise than ISO 4217. */
        @Nullable Money amount() {
            if (currency == null || NOT_ISO_UNITS.contains(currency) || amountPaid < 0) {
                return null;
            }
            return Money.of(amountPaid, Currency.getInstance(currency));
        }
    }

    /** The vendor invoice an {@code invoice.paid} pays, or null when it is not one of Ristourne's vendor invoices. */
    static @Nullable VendorInvoicePaid vendorInvoice(String rawObject) {
        JsonNode invoice = parse(rawObject);
        String invoiceId = text(invoice.path("metadata"), "ristourne_invoice_id");
        if (invoiceId == null) {
            return null;
        }
        Long paidAt = epochSecond(invoice.path("status_transitions").path("paid_at"));
        Long amountPaid = amount(invoice.path("amount_paid"));
        return new VendorInvoicePaid(text(invoice, "id"), invoiceId, text(invoice.path("metadata"), "vendor_id"),
                id(invoice, "customer"), amountPaid == null ? -1 : amountPaid, currency(invoice),
                paidAt == null ? null : Instant.ofEpochSecond(paidAt));
    }

    static SubscriptionDeleted subscriptionDeleted(String rawObject) {
        JsonNode subscription = parse(rawObject);
        Long ended = epochSecond(subscription.path("ended_at"));
        if (ended == null) {
            ended = epochSecond(subscription.path("canceled_at"));
        }
        return new SubscriptionDeleted(text(subscription, "id"), id(subscription, "customer"),
                ended == null ? null : Instant.ofEpochSecond(ended));
    }

    /** The ISO code of the object's currency, upper case, or null if it has none Java knows. */
    private static @Nullable String currency(JsonNode object) {
        String code = text(object, "currency");
        if (code == null) {
            return null;
        }
        try {
            return Currency.getInstance(code.toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A reference to another object: its id, whether Stripe sent the id alone or the expanded object. */
    private static @Nullable String id(JsonNode object, String field) {
        JsonNode value = object.path(field);
        return value.isObject() ? text(value, "id") : text(object, field);
    }

    /** A whole number that fits a long, or null: an integer past 2^63 is not Stripe's. */
    private static @Nullable Long integer(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToLong() ? value.asLong() : null;
    }

    private static @Nullable Long amount(JsonNode value) {
        Long amount = integer(value);
        return amount != null && amount >= -MAX_AMOUNT && amount <= MAX_AMOUNT ? amount : null;
    }

    /** Unix time in seconds, from 1970 to the end of year 9999, or null. */
    private static @Nullable Long epochSecond(JsonNode value) {
        Long seconds = integer(value);
        return seconds != null && seconds >= 0 && seconds <= LAST_SECOND ? seconds : null;
    }

    private static @Nullable String text(JsonNode object, String field) {
        return text(object, field, MAX_ID);
    }

    private static @Nullable String text(JsonNode object, String field, int maxLength) {
        JsonNode value = object.path(field);
        return value.isString() && !value.asString().isBlank() && value.asString().length() <= maxLength
                ? value.asString() : null;
    }

    private static JsonNode parse(String rawObject) {
        try {
            return JSON.readTree(rawObject);
        } catch (JacksonException e) {
            // billing's verifier parsed it already; unreadable here would be a bug, not Stripe's doing
            throw new IllegalStateException("a verified Stripe object is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
