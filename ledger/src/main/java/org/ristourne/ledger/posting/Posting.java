package org.ristourne.ledger.posting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.account.AccountType.Side;
import org.ristourne.ledger.money.Money;

/**
 * An immutable, balanced set of entries: in every currency, debits equal credits. Postings are never edited or
 * deleted; a mistake is corrected by a new posting that {@code reverses} it.
 */
public record Posting(PostingId id, ReasonCode reason, Instant postedAt, List<Entry> entries,
                      @Nullable PostingId reverses) {

    public Posting {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(postedAt, "postedAt");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new UnbalancedPostingException("posting " + id + " has no entries");
        }
        Map<Currency, Long> sums = new HashMap<>();
        for (Entry entry : entries) {
            sums.merge(entry.amount().currency(), entry.signedMinorUnits(), Math::addExact);
        }
        sums.forEach((currency, sum) -> {
            if (sum != 0) {
                throw new UnbalancedPostingException("posting " + id + " is off by " + Money.of(sum, currency));
            }
        });
    }

    /** The mirror of this posting, linked to it: how a posting is undone. */
    public Posting reversal(PostingId reversalId, Instant at) {
        return new Posting(reversalId, ReasonCode.REVERSAL, at, entries.stream().map(Entry::mirrored).toList(), id);
    }

    public static Builder builder(PostingId id, ReasonCode reason, Instant at) {
        return new Builder(id, reason, at);
    }

    /** Collects entries, dropping zero amounts, which a rounding step may legitimately produce. */
    public static final class Builder {
        private final PostingId id;
        private final ReasonCode reason;
        private final Instant at;
        private final List<Entry> entries = new ArrayList<>();

        private Builder(PostingId id, ReasonCode reason, Instant at) {
            this.id = id;
            this.reason = reason;
            this.at = at;
        }

        public Builder debit(Account account, Money amount) {
            return add(account, Side.DEBIT, amount);
        }

        public Builder credit(Account account, Money amount) {
            return add(account, Side.CREDIT, amount);
        }

        /** Moves {@code amount} from one account to another: debit the first, credit the second. */
        public Builder move(Account from, Account to, Money amount) {
            return debit(from, amount).credit(to, amount);
        }

        private Builder add(Account account, Side side, Money amount) {
            if (amount.isNegative()) {
                throw new IllegalArgumentException("entry amounts are positive; use the other side, got " + amount);
            }
            if (amount.isPositive()) {
                entries.add(new Entry(account, side, amount));
            }
            return this;
        }

        public boolean isEmpty() {
            return entries.isEmpty();
        }

        public Posting build() {
            return new Posting(id, reason, at, entries, null);
        }
    }
}
