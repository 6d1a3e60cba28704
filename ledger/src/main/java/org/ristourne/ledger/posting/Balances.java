package org.ristourne.ledger.posting;

import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.ristourne.ledger.account.Account;

/** Balances (debits minus credits) of accounts, folded from postings. */
public final class Balances {

    private final Map<Account, Long> balances = new HashMap<>();

    public Balances apply(Posting posting) {
        for (Entry entry : posting.entries()) {
            balances.merge(entry.account(), entry.signedMinorUnits(), Math::addExact);
        }
        return this;
    }

    public Balances applyAll(Iterable<Posting> postings) {
        postings.forEach(this::apply);
        return this;
    }

    public long of(Account account) {
        return balances.getOrDefault(account, 0L);
    }

    public Map<Account, Long> all() {
        return Map.copyOf(balances);
    }

    /** Per currency, the sum of all balances: zero for any set of balanced postings. */
    public Map<Currency, Long> sumPerCurrency() {
        Map<Currency, Long> sums = new TreeMap<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
        balances.forEach((account, balance) -> sums.merge(account.currency(), balance, Math::addExact));
        return sums;
    }
}
