package org.ristourne.ledger.sale;

import java.time.Instant;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;

/**
 * Rebates leave per customer, not per sale: a payout nets the customer's payable rebates in one currency, so a
 * negative balance left by a refund after an earlier payout is absorbed by the next rebates, and the customer is never
 * charged. Which sales a payout covers, and that it never exceeds the payable balance, is the broker's payout book's
 * rule; this class only makes the postings.
 */
public final class CustomerPayouts {

    private CustomerPayouts() {
    }

    /** What may be paid out of a payable balance (as read on the account's credit side): never less than nothing. */
    public static Money payable(Money payableBalance) {
        return payableBalance.isPositive() ? payableBalance : Money.zero(payableBalance.currency());
    }

    public static Posting paid(String payoutId, String customer, Money amount, Instant at) {
        if (!amount.isPositive()) {
            throw new ShareBookException("a payout must be positive, got " + amount);
        }
        return Posting.builder(PostingId.of("payout", payoutId, "paid"), ReasonCode.REBATE_PAID, at)
                .move(Account.customerPayable(customer, amount.currency()), Account.platformCash(amount.currency()),
                        amount)
                .build();
    }

    /** A payout that Stripe reports as failed is undone: the rebate is payable again. */
    public static Posting failed(Posting paid, Instant at) {
        if (paid.reason() != ReasonCode.REBATE_PAID) {
            throw new ShareBookException("only a payout can fail, not " + paid.id());
        }
        return paid.reversal(PostingId.of(paid.id().value(), "failed"), at);
    }
}
