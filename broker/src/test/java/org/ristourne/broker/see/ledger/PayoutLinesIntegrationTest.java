package org.ristourne.broker.see.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.api.PayoutFailed;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.sale.ReportSale;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.share.automation.ParkedBookings;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.CommandPath;
import org.ristourne.support.Processors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two funded sales paid by two payouts, one sale each; the first payout fails. Only the line that payout covered is
 * payable again: the other stays paid (issue 9, defect 5). A payout beyond what is payable is refused and parked
 * (defect 6), and a replay rebuilds the statement as it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        // a context (and so an H2 database) of its own: reports over all data in other tests must not see these sales
        properties = {"ristourne.deadlines.polling-interval=1s", "ristourne.test.context=payout-lines"})
abstract class PayoutLinesIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired CommandGateway commands;
    @Autowired EventGateway events;
    @Autowired QueryGateway queries;
    @Autowired EventProcessingConfiguration processing;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;
    @Autowired Clock clock;
    @Autowired ParkedBookings parkedBookings;
    @Autowired LedgerReplay replay;

    @Test
    void aFailedPayoutMakesPayableAgainOnlyTheLinesItCovered() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant now = clock.instant();
        VendorId vendor = new VendorId("payout-lines-" + run);
        CustomerId customer = new CustomerId("cus-payout-lines-" + run);
        CustomerRef ref = CommandPath.vendorWithSubscribedCustomer(commands, jdbc, vendor, new AgreementTerms(
                BasisPoints.of(2000), BasisPoints.of(2500), 0, null, Set.of(Currency.getInstance("EUR"))), customer,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), Money.of(499, "EUR"), now);
        SaleId a = new SaleId(vendor, "ord_a");
        SaleId b = new SaleId(vendor, "ord_b");
        // rebates: A 42.00 margin -> 6.30; B 20.00 margin -> 3.00
        commands.sendAndWait(new ReportSale(a, ref, Money.of(12999, "EUR"), Money.of(4200, "EUR"), now.minusSeconds(2),
                List.of(), now));
        commands.sendAndWait(new ReportSale(b, ref, Money.of(5000, "EUR"), Money.of(2000, "EUR"), now.minusSeconds(1),
                List.of(), now));
        Awaitility.await().atMost(WAIT).until(() -> statement(customer).values().stream()
                .filter(line -> "CONFIRMED".equals(line.state())).count() == 2);
        // funded one after the other: fundings of different sales are booked in parallel, and a payout covers the
        // oldest funded first
        publish(new SaleSharesFunded(a.toString(), "ch_a", now));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        publish(new SaleSharesFunded(b.toString(), "ch_b", now));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);

        publish(new PayoutSettled("po-1-" + run, customer.value(), Money.of(630, "EUR"), now));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(states(customer)).as("after P1, which covered sale A only")
                .containsExactly(Map.entry(a.toString(), "CREDITED"), Map.entry(b.toString(), "PAYABLE"));

        publish(new PayoutSettled("po-2-" + run, customer.value(), Money.of(300, "EUR"), now));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(states(customer)).as("after P2, which covered sale B")
                .containsExactly(Map.entry(a.toString(), "CREDITED"), Map.entry(b.toString(), "CREDITED"));
        assertThat(statement(customer).values()).extracting(StatementLine::paid)
                .containsExactly(Money.of(630, "EUR"), Money.of(300, "EUR"));

        publish(new PayoutFailed("po-1-" + run, customer.value(), "card_declined", now));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
        assertThat(states(customer)).as("after P1 failed: only its line is payable again")
                .containsExactly(Map.entry(a.toString(), "PAYABLE"), Map.entry(b.toString(), "CREDITED"));
        assertThat(statement(customer).values()).extracting(StatementLine::paid)
                .containsExactly(Money.of(0, "EUR"), Money.of(300, "EUR"));
        Map<String, StatementLine> afterFailure = statement(customer);

        // 6.30 is payable again: a payout of 6.31 is refused by the book and parked for the operator (defect 6)
        String sequence = "payouts:" + customer.value();
        publish(new PayoutSettled("po-3-" + run, customer.value(), Money.of(631, "EUR"), now));
        Awaitility.await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "select count(*) from dead_letter_entry where sequence_identifier = ?", Long.class, sequence) == 1);
        assertThat(jdbc.queryForObject("select cause_message from dead_letter_entry where sequence_identifier = ?",
                String.class, sequence)).contains("exceeds the 6.30 EUR payable");
        assertThat(statement(customer)).isEqualTo(afterFailure);
        parkedBookings.act("drop-first", sequence);

        // the statement is rebuilt by replay exactly as it was
        replay.start();
        Awaitility.await().atMost(WAIT).until(replay::isCaughtUp);
        assertThat(statement(customer)).isEqualTo(afterFailure);
    }

    private void publish(Object event) {
        transactions.executeWithoutResult(status -> events.publish(event));
    }

    private Map<String, String> states(CustomerId customer) {
        return statement(customer).values().stream().collect(Collectors.toMap(StatementLine::saleKey,
                StatementLine::state, (x, y) -> x, java.util.TreeMap::new));
    }

    private Map<String, StatementLine> statement(CustomerId customer) {
        return queries.query(new GetCustomerStatement(customer.value()),
                        ResponseTypes.multipleInstancesOf(StatementLine.class)).join().stream()
                .collect(Collectors.toMap(StatementLine::saleKey, Function.identity(), (x, y) -> x,
                        java.util.TreeMap::new));
    }
}
