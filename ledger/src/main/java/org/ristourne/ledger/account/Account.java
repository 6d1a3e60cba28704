package org.ristourne.ledger.account;

import java.util.Currency;
import java.util.Objects;

/** One account of the chart, for one owner, in one currency. Owners are the other modules' ids, as text. */
public record Account(AccountType type, String owner, Currency currency) {

    public static final String BROKER = "broker";
    public static final String PLATFORM = "stripe";

    public Account {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(currency, "currency");
        if (owner == null || owner.isBlank() || owner.length() > 200) {
            throw new IllegalArgumentException("an account needs an owner of 1 to 200 characters");
        }
    }

    public static Account vendorReceivable(String vendor, Currency currency) {
        return new Account(AccountType.VENDOR_SHARES_RECEIVABLE, vendor, currency);
    }

    public static Account customerPending(String customer, Currency currency) {
        return new Account(AccountType.CUSTOMER_REBATE_PENDING, customer, currency);
    }

    public static Account customerConfirmed(String customer, Currency currency) {
        return new Account(AccountType.CUSTOMER_REBATE_CONFIRMED, customer, currency);
    }

    public static Account customerPayable(String customer, Currency currency) {
        return new Account(AccountType.CUSTOMER_REBATE_PAYABLE, customer, currency);
    }

    public static Account brokerFeePending(Currency currency) {
        return new Account(AccountType.BROKER_FEE_PENDING, BROKER, currency);
    }

    public static Account brokerFeeEarned(Currency currency) {
        return new Account(AccountType.BROKER_FEE_EARNED, BROKER, currency);
    }

    public static Account platformCash(Currency currency) {
        return new Account(AccountType.PLATFORM_CASH, PLATFORM, currency);
    }
}
