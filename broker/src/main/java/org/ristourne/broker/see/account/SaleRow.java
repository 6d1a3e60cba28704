package org.ristourne.broker.see.account;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.money.Money;

/**
 * One sale as the page and the CSV show it, both from this one record so that they cannot disagree. {@code stateDate}
 * is the date that goes with the state (the expected confirmation while pending, the vendor's invoice date, the
 * date the credit reduced a subscription invoice); {@code stateText} says it in the page's language.
 */
public record SaleRow(String saleKey, String vendorId, String vendor, Instant completedAt, String date, Money amount,
                      Money refunded, Money rebate, Money paid, String state, String stateName, String stateText,
                      @Nullable Instant stateDate, String stateDateIso, List<Step> path,
                      @Nullable Arithmetic arithmetic) {

    /** One stage of a sale's path; {@code key} names it in the messages, {@code done} tells reached from expected. */
    public record Step(String key, boolean done, @Nullable Instant at, @Nullable String reference) {
    }

    /**
     * How the rebate was computed, for the customer to redo by hand: the margin, the part the vendor shares (the
     * pool), the part of the pool Ristourne keeps, and what refunds took back.
     */
    public record Arithmetic(Money margin, String sharePercent, Money pool, String feePercent, Money fee,
                             Money fullRebate, Money refundedMargin, Money refundedRebate) {
    }

    public String currency() {
        return amount.currency().getCurrencyCode();
    }

    List<String> csvFields() {
        return List.of(saleKey, vendor, date, amount.toDecimalString(), refunded.toDecimalString(),
                rebate.toDecimalString(), currency(), state, stateName, stateDateIso);
    }
}
