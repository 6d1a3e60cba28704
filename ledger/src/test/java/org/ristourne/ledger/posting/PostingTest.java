package org.ristourne.ledger.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.account.AccountType.Side;
import org.ristourne.ledger.money.Money;

class PostingTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void unbalancedPostingsAreRefused() {
        assertThatThrownBy(() -> new Posting(PostingId.of("x"), ReasonCode.SHARES_PENDING, AT, List.of(
                new Entry(Account.platformCash(EUR), Side.DEBIT, Money.of(100, EUR)),
                new Entry(Account.vendorReceivable("acme", EUR), Side.CREDIT, Money.of(99, EUR))), null))
                .isInstanceOf(UnbalancedPostingException.class).hasMessageContaining("off by 0.01 EUR");
    }

    @Test
    void eachCurrencyMustBalanceOnItsOwn() {
        assertThatThrownBy(() -> new Posting(PostingId.of("x"), ReasonCode.SHARES_PENDING, AT, List.of(
                new Entry(Account.platformCash(EUR), Side.DEBIT, Money.of(100, EUR)),
                new Entry(Account.platformCash(JPY), Side.CREDIT, Money.of(100, JPY))), null))
                .isInstanceOf(UnbalancedPostingException.class);
    }

    @Test
    void emptyPostingsAndNonPositiveEntriesAreRefused() {
        assertThatThrownBy(() -> Posting.builder(PostingId.of("x"), ReasonCode.SHARES_PENDING, AT).build())
                .isInstanceOf(UnbalancedPostingException.class);
        assertThatThrownBy(() -> new Entry(Account.platformCash(EUR), Side.DEBIT, Money.of(0, EUR)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Entry(Account.platformCash(EUR), Side.DEBIT, Money.of(5, JPY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReversalMirrorsTheOriginalAndLinksToIt() {
        Posting original = Posting.builder(PostingId.of("p", "1"), ReasonCode.REBATE_PAID, AT)
                .move(Account.customerPayable("cus-1", EUR), Account.platformCash(EUR), Money.of(630, EUR)).build();
        Posting reversal = original.reversal(PostingId.of("p", "1", "failed"), AT);

        assertThat(reversal.reverses()).isEqualTo(original.id());
        assertThat(reversal.reason()).isEqualTo(ReasonCode.REVERSAL);
        assertThat(new Balances().apply(original).apply(reversal).all().values()).containsOnly(0L);
    }

    @Test
    void postingIdsAreDerivedAndValidated() {
        assertThat(PostingId.of("sale", "acme/ord_1", "refund", "rf_1").value()).isEqualTo("sale:acme/ord_1:refund:rf_1");
        assertThatThrownBy(() -> PostingId.of("with space")).isInstanceOf(IllegalArgumentException.class);
    }
}
