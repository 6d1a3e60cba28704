package org.ristourne.ledger.posting;

import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.account.AccountType.Side;
import org.ristourne.ledger.money.Money;

/** One line of a posting: a positive amount on one side of one account. */
public record Entry(Account account, Side side, Money amount) {

    public Entry {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("an entry's amount must be positive, got " + amount);
        }
        if (!amount.currency().equals(account.currency())) {
            throw new IllegalArgumentException("entry of " + amount + " on an account in "
                    + account.currency().getCurrencyCode());
        }
    }

    /** Debit positive, credit negative: the entry's effect on the account's balance. */
    public long signedMinorUnits() {
        return side == Side.DEBIT ? amount.minorUnits() : Math.negateExact(amount.minorUnits());
    }

    Entry mirrored() {
        return new Entry(account, side == Side.DEBIT ? Side.CREDIT : Side.DEBIT, amount);
    }
}
