package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.CustomerCredits;
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
import org.ristourne.broker.api.share.RequestPayout;
import org.ristourne.broker.api.vendor.SetBillingEmail;
import org.ristourne.broker.share.book.CustomerPayoutBook;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.CommandPath;
import org.ristourne.support.Processors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the payback tests share: a vendor with a subscribed customer per test, sales confirmed and funded through the
 * broker's own command path, and the customer's statement and payout book read back.
 */
abstract class PaybackScenario {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired CommandGateway commands;
    @Autowired EventGateway events;
    @Autowired QueryGateway queries;
    @Autowired EventProcessingConfiguration processing;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;
    @Autowired Clock clock;

    String run;
    Instant now;
    CustomerId customer;
    CustomerRef ref;
    VendorId vendor;

    @BeforeEach
    void setUp() {
        run = UUID.randomUUID().toString().substring(0, 8);
        now = clock.instant();
        vendor = new VendorId("payback-" + run);
        customer = new CustomerId("cus-payback-" + run);
        ref = CommandPath.vendorWithSubscribedCustomer(commands, jdbc, vendor, new AgreementTerms(
                        BasisPoints.of(2000), BasisPoints.of(2500), 0, null,
                        Set.of(Currency.getInstance("EUR"), Currency.getInstance("USD"))), customer,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)), Money.of(499, "EUR"), now);
        commands.sendAndWait(new SetBillingEmail(vendor, billingEmail(), now));
    }

    String billingEmail() {
        return "billing@" + vendor.value() + ".example";
    }

    String stripeCustomerId() {
        return "cus_Stripe_" + run;
    }

    void knownToStripe(String currency) {
        jdbc.update("insert into billing_customer (customer_id, stripe_customer_id, currency) values (?, ?, ?)",
                customer.value(), stripeCustomerId(), currency);
    }

    SaleId confirmedSale(String vendorSaleId, Money amount, Money margin) {
        SaleId sale = new SaleId(vendor, vendorSaleId);
        commands.sendAndWait(new ReportSale(sale, ref, amount, margin, now.minusSeconds(1), List.of(), now));
        Awaitility.await().atMost(WAIT).until(() -> "CONFIRMED".equals(states().get(sale.toString())));
        return sale;
    }

    /** Funded, and every processor (booking, payout policy, saga) done with it. */
    void fund(SaleId sale) {
        transactions.executeWithoutResult(status -> events.publish(
                new SaleSharesFunded(sale.toString(), "in_" + sale.vendorSaleId(), now)));
        Processors.awaitCaughtUp(processing, jdbc, WAIT);
    }

    long payoutsRequested() {
        return bookEvents("PayoutRequested");
    }

    long bookEvents(String simpleName) {
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like ?", Long.class, CustomerPayoutBook.idOf(customer.value()),
                "%." + simpleName);
        return count == null ? 0 : count;
    }

    Map<String, String> states() {
        return statement().stream().collect(Collectors.toMap(StatementLine::saleKey, StatementLine::state,
                (x, y) -> x, TreeMap::new));
    }

    List<StatementLine> statement() {
        return queries.query(new GetCustomerStatement(customer.value()),
                        ResponseTypes.multipleInstancesOf(StatementLine.class)).join().stream()
                .sorted(java.util.Comparator.comparing(StatementLine::saleKey)).toList();
    }
}
