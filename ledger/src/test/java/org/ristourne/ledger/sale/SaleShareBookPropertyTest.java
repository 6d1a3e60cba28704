package org.ristourne.ledger.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Balances;
import org.ristourne.ledger.posting.Entry;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.share.ShareTerms;
import org.ristourne.ledger.share.Shares;

/**
 * The ledger's promises over random sales in currencies with 0, 2 and 3 decimals, random rates and random sequences
 * of refunds, confirmation and funding: every posting balances, the parts always make the margin, no party's net is
 * ever negative, and a sale refunded in full before funding leaves every account it touched at zero.
 */
class SaleShareBookPropertyTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    record Scenario(Currency currency, long amount, long margin, ShareTerms terms, List<Long> refunds,
                    int confirmAfter, boolean fund) {
    }

    /**
     * Amounts from 1 to 10^12 minor units (small ones often), margins anywhere from 0 to the amount, 0 to 8 refunds
     * that never exceed the amount, about a third of the sequences refunding it exactly. Built without flatMap, so
     * that ten thousand tries stay cheap.
     */
    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Currency> currencies = Arbitraries.of("EUR", "JPY", "KWD").map(Currency::getInstance);
        Arbitrary<ShareTerms> terms = Combinators.combine(Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 10_000)).as(ShareTerms::of);
        Arbitrary<Long> amounts = Arbitraries.oneOf(Arbitraries.longs().between(1, 10_000),
                Arbitraries.longs().between(1, 1_000_000_000_000L));
        Arbitrary<Long> marginDraws = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<List<Long>> refundDraws = Arbitraries.longs().between(0, Long.MAX_VALUE).list().ofMaxSize(8);
        return Combinators.combine(currencies, amounts, marginDraws, terms, refundDraws,
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(-1, 8), Arbitraries.of(true, false))
                .as((currency, amount, marginDraw, rates, draws, exhaust, confirmAfter, fund) -> new Scenario(currency,
                        amount, marginDraw % (amount + 1), rates, refunds(amount, draws, exhaust == 0), confirmAfter,
                        fund));
    }

    private static List<Long> refunds(long amount, List<Long> draws, boolean exhaust) {
        List<Long> refunds = new ArrayList<>();
        long left = amount;
        for (long draw : draws) {
            if (left == 0) {
                break;
            }
            long refund = 1 + draw % left;
            refunds.add(refund);
            left -= refund;
        }
        if (exhaust && left > 0) {
            refunds.add(left);
        }
        return refunds;
    }

    record Outcome(SaleShareBook book, List<Posting> postings, Balances balances) {
    }

    private static Outcome run(Scenario scenario) {
        List<Posting> postings = new ArrayList<>();
        SaleShareBook.Step step = SaleShareBook.reported("v/s", "vendor", "customer", scenario.terms(),
                Money.of(scenario.amount(), scenario.currency()), Money.of(scenario.margin(), scenario.currency()), AT);
        step.posting().ifPresent(postings::add);
        SaleShareBook book = step.book();
        for (int i = 0; i <= scenario.refunds().size(); i++) {
            if (i == scenario.confirmAfter()) {
                step = book.confirmed(AT);
                step.posting().ifPresent(postings::add);
                book = step.book();
                if (scenario.fund()) {
                    step = book.funded(AT);
                    step.posting().ifPresent(postings::add);
                    book = step.book();
                }
            }
            if (i < scenario.refunds().size()) {
                step = book.refunded("rf" + i, Money.of(scenario.refunds().get(i), scenario.currency()), AT);
                step.posting().ifPresent(postings::add);
                book = step.book();
            }
        }
        return new Outcome(book, postings, new Balances().applyAll(postings));
    }

    @Property(tries = 10_000)
    void partsAlwaysMakeTheMarginExactly(@ForAll("scenarios") Scenario scenario) {
        Shares shares = Shares.split(Money.of(scenario.margin(), scenario.currency()), scenario.terms());
        assertThat(shares.vendorRetained().plus(shares.customerRebate()).plus(shares.brokerFee()))
                .isEqualTo(shares.margin());
        assertThat(List.of(shares.vendorRetained(), shares.customerRebate(), shares.brokerFee()))
                .allSatisfy(part -> assertThat(part.isNegative()).isFalse());
    }

    @Property(tries = 10_000)
    void noShareDecreasesAsTheMarginGrows(@ForAll("scenarios") Scenario scenario) {
        long larger = scenario.margin() + (scenario.amount() - scenario.margin()) / 2 + 1;
        Shares small = Shares.split(Money.of(scenario.margin(), scenario.currency()), scenario.terms());
        Shares big = Shares.split(Money.of(larger, scenario.currency()), scenario.terms());
        assertThat(big.pool().compareTo(small.pool())).isNotNegative();
        assertThat(big.brokerFee().compareTo(small.brokerFee())).isNotNegative();
        assertThat(big.customerRebate().compareTo(small.customerRebate())).isNotNegative();
        assertThat(big.vendorRetained().compareTo(small.vendorRetained())).isNotNegative();
    }

    @Property(tries = 10_000)
    void everyPostingBalancesAndSoDoesTheWholeLedger(@ForAll("scenarios") Scenario scenario) {
        Outcome outcome = run(scenario);
        for (Posting posting : outcome.postings()) {
            assertThat(posting.entries().stream().mapToLong(Entry::signedMinorUnits).sum()).isZero();
        }
        assertThat(outcome.balances().sumPerCurrency().values()).allMatch(sum -> sum == 0L);
    }

    @Property(tries = 10_000)
    void afterAnyRefundsNoPartyIsNegativeAndTheAccountsHoldWhatStands(@ForAll("scenarios") Scenario scenario) {
        Outcome outcome = run(scenario);
        Shares standing = outcome.book().standing();
        assertThat(List.of(standing.pool(), standing.customerRebate(), standing.brokerFee(), standing.vendorRetained()))
                .allSatisfy(part -> assertThat(part.isNegative()).isFalse());

        Currency currency = scenario.currency();
        Balances balances = outcome.balances();
        long customer = normal(balances, Account.customerPending("customer", currency))
                + normal(balances, Account.customerConfirmed("customer", currency))
                + normal(balances, Account.customerPayable("customer", currency));
        long fee = normal(balances, Account.brokerFeePending(currency))
                + normal(balances, Account.brokerFeeEarned(currency));
        long vendorSide = normal(balances, Account.vendorReceivable("vendor", currency))
                + normal(balances, Account.platformCash(currency));
        assertThat(customer).isEqualTo(standing.customerRebate().minorUnits());
        // and all of it in the one account for the sale's current state
        assertThat(normal(balances, outcome.book().customerAccount())).isEqualTo(customer);
        assertThat(normal(balances, outcome.book().feeAccount())).isEqualTo(fee);
        assertThat(fee).isEqualTo(standing.brokerFee().minorUnits());
        assertThat(vendorSide).isEqualTo(standing.pool().minorUnits());
    }

    @Property(tries = 10_000)
    void aFullRefundBeforeFundingNetsEveryTouchedAccountToZero(@ForAll("scenarios") Scenario scenario) {
        long refunded = scenario.refunds().stream().mapToLong(Long::longValue).sum();
        Scenario unfunded = new Scenario(scenario.currency(), scenario.amount(), scenario.margin(), scenario.terms(),
                refunded == scenario.amount() ? scenario.refunds()
                        : append(scenario.refunds(), scenario.amount() - refunded),
                scenario.confirmAfter(), false);
        Outcome outcome = run(unfunded);
        assertThat(outcome.book().refundedTotal().minorUnits()).isEqualTo(scenario.amount());
        assertThat(outcome.balances().all().values()).allMatch(balance -> balance == 0L);
    }

    private static List<Long> append(List<Long> refunds, long last) {
        List<Long> all = new ArrayList<>(refunds);
        all.add(last);
        return all;
    }

    private static long normal(Balances balances, Account account) {
        return account.type().normalBalance(balances.of(account));
    }
}
