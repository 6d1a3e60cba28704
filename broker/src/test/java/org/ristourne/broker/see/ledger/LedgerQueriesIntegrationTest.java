package org.ristourne.broker.see.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.sale.RefundSale;
import org.ristourne.broker.api.sale.ReportSale;
import org.ristourne.broker.api.see.AccountBalance;
import org.ristourne.broker.api.see.BrokerFeeReport;
import org.ristourne.broker.api.see.GetAccountBalances;
import org.ristourne.broker.api.see.GetBrokerFeeReport;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.GetInvestmentRecovered;
import org.ristourne.broker.api.see.GetVendorStatement;
import org.ristourne.broker.api.see.InvestmentRecovered;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.api.see.VendorStatement;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.CommandPath;
import org.ristourne.support.OnH2;
import org.ristourne.support.Processors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worked example of docs/ledger.md through every query: 129.99 EUR with 42.00 margin at 20 % shared and a 25 %
 * fee, 50.00 refunded, confirmed, funded and paid out, for a customer who paid 4.99 for the month.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "ristourne.deadlines.polling-interval=1s")
class LedgerQueriesIntegrationTest {

    @Autowired CommandGateway commands;
    @Autowired EventGateway events;
    @Autowired QueryGateway queries;
    @Autowired EventProcessingConfiguration processing;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;
    @Autowired Clock clock;

    @Test
    void theWorkedExampleReadsTheSameInEveryReport() {
        Instant now = clock.instant();
        Instant from = now.minus(Duration.ofDays(1));
        Instant to = now.plus(Duration.ofDays(1));
        VendorId vendor = new VendorId("worked-example");
        CustomerId customer = new CustomerId("cus-worked-example");
        CustomerRef ref = CommandPath.vendorWithSubscribedCustomer(commands, jdbc, vendor, new AgreementTerms(
                BasisPoints.of(2000), BasisPoints.of(2500), 0, null, Set.of(Currency.getInstance("EUR"))), customer,
                from, to, Money.of(499, "EUR"), now);
        SaleId sale = new SaleId(vendor, "ord_1001");
        commands.sendAndWait(new ReportSale(sale, ref, Money.of(12999, "EUR"), Money.of(4200, "EUR"), now, List.of(),
                now));
        commands.sendAndWait(new RefundSale(sale, new RefundId("rf_1"), Money.of(5000, "EUR"), now));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> statement(customer).stream()
                .anyMatch(line -> "CONFIRMED".equals(line.state())));
        transactions.executeWithoutResult(status -> events.publish(new SaleSharesFunded(sale.toString(), "ch_1", now)));
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(60));
        assertThat(statement(customer).get(0).state()).isEqualTo("PAYABLE");
        transactions.executeWithoutResult(status -> events.publish(new PayoutSettled("po_1", customer.value(),
                Money.of(387, "EUR"), now)));
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(60));

        StatementLine line = statement(customer).get(0);
        assertThat(line.saleKey()).isEqualTo("worked-example/ord_1001");
        assertThat(line.amount()).isEqualTo(Money.of(12999, "EUR"));
        assertThat(line.refunded()).isEqualTo(Money.of(5000, "EUR"));
        assertThat(line.rebate()).isEqualTo(Money.of(387, "EUR"));
        assertThat(line.state()).isEqualTo("CREDITED");

        assertThat(queries.query(new GetAccountBalances(customer.value()),
                ResponseTypes.multipleInstancesOf(AccountBalance.class)).join())
                .filteredOn(balance -> !balance.balance().isZero()).isEmpty();

        assertThat(queries.query(new GetVendorStatement(vendor.value(), from, to),
                ResponseTypes.multipleInstancesOf(VendorStatement.class)).join()).containsExactly(new VendorStatement(
                Money.of(840, "EUR"), Money.of(323, "EUR"), Money.of(517, "EUR"), Money.of(0, "EUR")));

        assertThat(queries.query(new GetBrokerFeeReport(from, to),
                ResponseTypes.multipleInstancesOf(BrokerFeeReport.class)).join())
                .containsExactly(new BrokerFeeReport(Money.of(210, "EUR"), Money.of(80, "EUR"), Money.of(130, "EUR")));
        assertThat(jdbc.queryForObject("""
                select sum(amount_minor) from ledger_entry where sale_key = 'worked-example/ord_1001'
                and account_type = ?""", Long.class, AccountType.BROKER_FEE_EARNED.name())).isEqualTo(-130L);

        assertThat(queries.query(new GetInvestmentRecovered(customer.value(), from, to),
                ResponseTypes.multipleInstancesOf(InvestmentRecovered.class)).join())
                .containsExactly(new InvestmentRecovered(Money.of(387, "EUR"), Money.of(499, "EUR"), 7755L));
    }

    private List<StatementLine> statement(CustomerId customer) {
        return queries.query(new GetCustomerStatement(customer.value()),
                ResponseTypes.multipleInstancesOf(StatementLine.class)).join();
    }
}
