package org.ristourne.broker.operator;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;

/** The operator API's request bodies. Each turns itself into domain values, or fails with a message for a 400. */
final class OperatorRequests {

    private OperatorRequests() {
    }

    record AgreementRequest(
            @Nullable Integer shareBps,
            @Nullable Integer brokerFeeBps,
            @Nullable Integer holdDays,
            @Nullable Integer defaultMarginBps,
            @Nullable List<String> currencies) {

        AgreementTerms toTerms() {
            if (shareBps == null || brokerFeeBps == null || holdDays == null || currencies == null) {
                throw new IllegalArgumentException("an agreement needs shareBps, brokerFeeBps, holdDays and currencies");
            }
            return new AgreementTerms(BasisPoints.of(shareBps), BasisPoints.of(brokerFeeBps), holdDays,
                    defaultMarginBps == null ? null : BasisPoints.of(defaultMarginBps),
                    currencies.stream().map(OperatorRequests::currency).collect(Collectors.toSet()));
        }
    }

    record OnboardVendorRequest(@Nullable String vendorId, @Nullable String displayName,
                                @Nullable AgreementRequest agreement) {
    }

    record RotateSecretRequest(@Nullable Integer overlapMinutes) {
    }

    record BillingEmailRequest(@Nullable String email) {
    }

    record SuspendRequest(@Nullable String reason) {
    }

    record PriceRequest(long amount, String currency) {
        Money toMoney() {
            return Money.of(amount, OperatorRequests.currency(currency));
        }
    }

    record PublishOfferRequest(@Nullable String offerId, @Nullable String title, @Nullable String description,
                               @Nullable PriceRequest price) {
    }

    record RegisterCustomerRequest(@Nullable String customerId) {
    }

    record SubscriptionPeriodRequest(@Nullable Instant activeFrom, @Nullable Instant activeUntil,
                                     @Nullable PriceRequest amountPaid) {
    }

    record EndSubscriptionRequest(@Nullable Instant at) {
    }

    record OpenRelationshipRequest(@Nullable String vendorId) {
    }

    static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + code + "' is not an ISO 4217 currency code");
        }
    }

    static <T> T required(@Nullable T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return value;
    }
}
