package org.ristourne.ledger.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.oracle.SplitRuleOracle;
import org.ristourne.ledger.posting.Balances;
import org.ristourne.ledger.posting.Posting;
import org.ristourne.ledger.share.ShareTerms;
import org.ristourne.ledger.share.Shares;

/**
 * The ledger's promises over random sales in currencies with 0, 2 and 3 decimals, random rates and random sequences
 * of refunds, confirmation and funding, checked against {@link SplitRuleOracle}, an independent reading of the split
 * rule in BigInteger: the shares are the oracle's, every account the sale touches ends where the oracle and the
 * scenario's steps put it, each step that moved money made exactly one posting, no share decreases as the margin
 * grows, and a sale refunded in full before funding leaves every account it touched at zero.
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
    void sharesAreTheOraclesForTheMarginAndForWhatStandsAfterRefunds(@ForAll("scenarios") Scenario scenario) {
        int shareBps = scenario.terms().shareBps().value();
        int feeBps = scenario.terms().brokerFeeBps().value();
        Shares shares = Shares.split(Money.of(scenario.margin(), scenario.currency()), scenario.terms());
        assertThat(parts(shares)).isEqualTo(SplitRuleOracle.split(scenario.margin(), shareBps, feeBps));

        long refunded = scenario.refunds().stream().mapToLong(Long::longValue).sum();
        assertThat(parts(run(scenario).book().standing())).isEqualTo(
                SplitRuleOracle.standing(scenario.amount(), scenario.margin(), refunded, shareBps, feeBps));
    }

    private static SplitRuleOracle.Parts parts(Shares shares) {
        return new SplitRuleOracle.Parts(shares.vendorRetained().minorUnits(), shares.brokerFee().minorUnits(),
                shares.customerRebate().minorUnits(), shares.pool().minorUnits());
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

    /**
     * What the oracle expects of the ledger after a scenario, step by step: the balance (debits minus credits) of
     * every account the sale touches, and one posting per step that moved money.
     */
    record Expected(Map<Account, Long> balances, int postings) {
    }

    private static Expected expected(Scenario scenario) {
        Currency currency = scenario.currency();
        int shareBps = scenario.terms().shareBps().value();
        int feeBps = scenario.terms().brokerFeeBps().value();
        SplitRuleOracle.Parts whole = SplitRuleOracle.split(scenario.margin(), shareBps, feeBps);
        int postings = whole.pool() > 0 ? 1 : 0;
        long refunded = 0;
        boolean confirmed = false;
        long funded = 0;
        for (int i = 0; i <= scenario.refunds().size(); i++) {
            SplitRuleOracle.Parts standing = SplitRuleOracle.standing(scenario.amount(), scenario.margin(), refunded,
                    shareBps, feeBps);
            if (i == scenario.confirmAfter()) {
                confirmed = true;
                postings += standing.pool() > 0 ? 1 : 0;
                if (scenario.fund()) {
                    funded = standing.pool();
                    postings += standing.pool() > 0 ? 1 : 0;
                }
            }
            if (i < scenario.refunds().size()) {
                refunded += scenario.refunds().get(i);
                SplitRuleOracle.Parts after = SplitRuleOracle.standing(scenario.amount(), scenario.margin(), refunded,
                        shareBps, feeBps);
                postings += standing.pool() - after.pool() > 0 ? 1 : 0;
            }
        }
        SplitRuleOracle.Parts end = SplitRuleOracle.standing(scenario.amount(), scenario.margin(), refunded, shareBps,
                feeBps);
        boolean payable = confirmed && scenario.fund();
        Map<Account, Long> balances = new HashMap<>();
        // rebates and fees are credits; the vendor's receivable and the cash at Stripe are debits
        balances.put(Account.customerPending("customer", currency), confirmed ? 0 : -end.customer());
        balances.put(Account.customerConfirmed("customer", currency), confirmed && !payable ? -end.customer() : 0);
        balances.put(Account.customerPayable("customer", currency), payable ? -end.customer() : 0);
        balances.put(Account.brokerFeePending(currency), confirmed ? 0 : -end.broker());
        balances.put(Account.brokerFeeEarned(currency), confirmed ? -end.broker() : 0);
        balances.put(Account.vendorReceivable("vendor", currency), end.pool() - funded);
        balances.put(Account.platformCash(currency), funded);
        balances.values().removeIf(balance -> balance == 0L);
        return new Expected(balances, postings);
    }

    @Property(tries = 10_000)
    void everyAccountTheSaleTouchesEndsWhereTheOracleSays(@ForAll("scenarios") Scenario scenario) {
        Map<Account, Long> actual = new HashMap<>(run(scenario).balances().all());
        actual.values().removeIf(balance -> balance == 0L);
        assertThat(actual).isEqualTo(expected(scenario).balances());
    }

    @Property(tries = 10_000)
    void eachStepThatMovedMoneyMadeExactlyOnePosting(@ForAll("scenarios") Scenario scenario) {
        Outcome outcome = run(scenario);
        assertThat(outcome.postings()).hasSize(expected(scenario).postings());
        assertThat(outcome.postings()).extracting(Posting::id).doesNotHaveDuplicates();
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

    /**
     * A sale invoiced at its confirmation, refunded after, funded with what was invoiced, and each later refund's pool
     * reversal deducted from a later invoice: the vendor's receivable nets to zero and Ristourne keeps in cash exactly
     * the oracle's standing pool.
     */
    @Property(tries = 10_000)
    void fundingAsInvoicedThenDeductingLaterRefundsNetsTheVendorToZero(@ForAll("scenarios") Scenario scenario) {
        int shareBps = scenario.terms().shareBps().value();
        int feeBps = scenario.terms().brokerFeeBps().value();
        Currency currency = scenario.currency();
        int invoicedAfter = Math.max(0, Math.min(scenario.confirmAfter(), scenario.refunds().size()));
        List<Posting> postings = new ArrayList<>();
        SaleShareBook.Step step = SaleShareBook.reported("v/s", "vendor", "customer", scenario.terms(),
                Money.of(scenario.amount(), currency), Money.of(scenario.margin(), currency), AT);
        step.posting().ifPresent(postings::add);
        SaleShareBook book = step.book();
        long refunded = 0;
        Map<String, Long> laterReversals = new java.util.LinkedHashMap<>();
        long invoiced = 0;
        for (int i = 0; i <= scenario.refunds().size(); i++) {
            if (i == invoicedAfter) {
                step = book.confirmed(AT);
                step.posting().ifPresent(postings::add);
                book = step.book();
                invoiced = book.standing().pool().minorUnits();
            }
            if (i < scenario.refunds().size()) {
                long before = SplitRuleOracle.standing(scenario.amount(), scenario.margin(), refunded, shareBps, feeBps)
                        .pool();
                refunded += scenario.refunds().get(i);
                long after = SplitRuleOracle.standing(scenario.amount(), scenario.margin(), refunded, shareBps, feeBps)
                        .pool();
                step = book.refunded("rf" + i, Money.of(scenario.refunds().get(i), currency), AT);
                step.posting().ifPresent(postings::add);
                book = step.book();
                if (i >= invoicedAfter && before > after) {
                    laterReversals.put("rf" + i, before - after);
                }
            }
        }
        step = book.funded(Money.of(invoiced, currency), AT);
        step.posting().ifPresent(postings::add);
        book = step.book();
        for (Map.Entry<String, Long> reversal : laterReversals.entrySet()) {
            step = book.refundDeducted(reversal.getKey(), Money.of(reversal.getValue(), currency), AT);
            step.posting().ifPresent(postings::add);
            book = step.book();
        }
        SplitRuleOracle.Parts end = SplitRuleOracle.standing(scenario.amount(), scenario.margin(), refunded, shareBps,
                feeBps);
        Balances balances = new Balances().applyAll(postings);
        assertThat(balances.of(Account.vendorReceivable("vendor", currency))).isZero();
        assertThat(balances.of(Account.platformCash(currency))).isEqualTo(end.pool());
        assertThat(balances.of(Account.customerPayable("customer", currency))).isEqualTo(-end.customer());
    }

    private static List<Long> append(List<Long> refunds, long last) {
        List<Long> all = new ArrayList<>(refunds);
        all.add(last);
        return all;
    }
}
