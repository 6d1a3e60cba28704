package org.ristourne.ledger.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
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
    void aPostingWithoutEntriesIsRefused() {
        assertThatThrownBy(() -> Posting.builder(PostingId.of("x"), ReasonCode.SHARES_PENDING, AT).build())
                .isInstanceOf(UnbalancedPostingException.class);
    }

    static Stream<Arguments> entriesThatCannotBe() {
        return Stream.of(
                Arguments.of("zero amount", Money.of(0, EUR)),
                Arguments.of("negative amount", Money.of(-1, EUR)),
                Arguments.of("another currency than the account's", Money.of(5, JPY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entriesThatCannotBe")
    void anEntryThatIsNotAPositiveAmountInItsAccountsCurrencyIsRefused(String why, Money amount) {
        assertThatThrownBy(() -> new Entry(Account.platformCash(EUR), Side.DEBIT, amount))
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
}
