package org.ristourne.ledger.account;

/**
 * Ristourne's chart of accounts. A balance is debits minus credits; a credit-normal account usually shows a negative
 * balance, which {@link #normalBalance(long)} turns into the figure a person expects to read.
 */
public enum AccountType {

    /** What a vendor owes Ristourne: the pool of its sales, until it funds them. Negative when Ristourne owes it. */
    VENDOR_SHARES_RECEIVABLE(Side.DEBIT),
    /** A customer's rebates on sales still inside the vendor's return window. */
    CUSTOMER_REBATE_PENDING(Side.CREDIT),
    /** A customer's rebates on confirmed sales, not yet funded by the vendor. */
    CUSTOMER_REBATE_CONFIRMED(Side.CREDIT),
    /** A customer's rebates funded and due to be paid; negative after a refund that followed a payout. */
    CUSTOMER_REBATE_PAYABLE(Side.CREDIT),
    /** The broker's fees on pending sales. */
    BROKER_FEE_PENDING(Side.CREDIT),
    /** The broker's fees on confirmed sales: its revenue. */
    BROKER_FEE_EARNED(Side.CREDIT),
    /** Money Ristourne holds at Stripe: vendors' funding comes in, rebates paid or credited go out. */
    PLATFORM_CASH(Side.DEBIT);

    public enum Side {
        DEBIT, CREDIT
    }

    private final Side normalSide;

    AccountType(Side normalSide) {
        this.normalSide = normalSide;
    }

    public Side normalSide() {
        return normalSide;
    }

    /** The balance as read on this account's normal side: a customer's payable rebate of 6.30 reads 630, not -630. */
    public long normalBalance(long debitMinusCredit) {
        return normalSide == Side.DEBIT ? debitMinusCredit : Math.negateExact(debitMinusCredit);
    }
}
