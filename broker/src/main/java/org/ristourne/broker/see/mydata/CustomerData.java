package org.ristourne.broker.see.mydata;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The document a customer downloads: every field says in its name what it is, times are ISO-8601 in UTC and money is
 * minor units with its currency and the decimal amount, so that it reads without Ristourne's documentation.
 */
record CustomerData(String format, String exportedAt, Profile profile, Subscription subscription,
                    List<Relationship> relationships, List<Sale> sales, List<Payout> payouts,
                    List<Credit> creditsOnSubscriptionInvoices, List<ConsentEvent> consentHistory) {

    static final String FORMAT = "ristourne-customer-data/1";

    record Amount(long minorUnits, String currency, String decimal) {
    }

    record Profile(String customerId, String email, String displayName, String accountCreatedAt,
                   @Nullable String registeredAt) {
    }

    record Subscription(@Nullable String stripeCustomerId, List<Period> periods, List<StripeSubscription> stripe) {
    }

    record Period(String activeFrom, String activeUntil, @Nullable Amount paid) {
    }

    record StripeSubscription(String stripeSubscriptionId, String status, @Nullable String currentPeriodStart,
                              @Nullable String currentPeriodEnd, boolean cancelAtPeriodEnd) {
    }

    record Relationship(String relationshipId, String vendorId, String vendorName, String customerRef,
                        String openedAt, @Nullable String endedAt, List<String> offersConsultedAt) {
    }

    /** A sale as its vendor reported it and as the statement stands now. */
    record Sale(String saleKey, String vendorId, String vendorSaleId, String relationshipId, String completedAt,
                String reportedAt, Amount amount, Amount margin, boolean marginFromAgreementDefault,
                Map<String, Object> agreement, List<Line> lines, List<Refund> refunds,
                @Nullable StatementLine statement) {
    }

    /** {@code description} is null once it can no longer be read (its customer's key was erased). */
    record Line(@Nullable String description, int quantity, Amount amount) {
    }

    record Refund(String refundId, Amount amount, String refundedAt) {
    }

    record StatementLine(String state, Amount refunded, Amount rebate, Amount paid, String expectedConfirmation,
                         @Nullable String invoicedToVendorAt, @Nullable String creditedOnInvoice,
                         @Nullable String creditedAt) {
    }

    record Payout(String payoutId, Amount amount, String state, @Nullable String method, String requestedAt,
                  @Nullable String settledAt, @Nullable String abandonedAt, @Nullable String failedAt,
                  @Nullable String reason) {
    }

    record Credit(String stripeInvoiceId, String payoutId, String saleKey, Amount amount, String appliedAt) {
    }

    /**
     * What the customer chose, in the order it was recorded ({@code at}): registered, subscription periods paid and
     * ended, relationships opened and ended.
     */
    record ConsentEvent(String at, String what, Map<String, String> details) {
    }
}
