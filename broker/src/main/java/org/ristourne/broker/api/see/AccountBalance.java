package org.ristourne.broker.api.see;

import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.Money;

/** A balance as read on the account's normal side: a customer's payable rebate of 6.30 reads 6.30. */
public record AccountBalance(AccountType type, String owner, Money balance) {
}
