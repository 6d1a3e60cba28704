package org.ristourne.broker.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.OfferId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.RuleViolation;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.customer.EndSubscription;
import org.ristourne.broker.api.customer.RecordSubscriptionPeriod;
import org.ristourne.broker.api.customer.RegisterCustomer;
import org.ristourne.broker.api.relationship.EndRelationship;
import org.ristourne.broker.api.relationship.OpenRelationship;
import org.ristourne.broker.api.sale.ReportSale;
import org.ristourne.broker.api.vendor.ChangeAgreement;
import org.ristourne.broker.api.vendor.PublishOffer;
import org.ristourne.broker.api.vendor.ReinstateVendor;
import org.ristourne.broker.api.vendor.RotateWebhookSecret;
import org.ristourne.broker.api.vendor.SuspendVendor;
import org.ristourne.broker.api.vendor.WithdrawOffer;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.support.CommandPath;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.OnH2;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The directory and the catalogue, subscribing projections, rebuilt from the event store: every row as it was
 * (secrets, which are not events, untouched), and the rules that read the directory decide as before.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ReadModelReplayIntegrationTest {

    private static final List<String> TABLES = List.of("directory_vendor", "directory_agreement",
            "directory_customer", "directory_subscription_period", "directory_relationship", "catalogue_offer",
            "vendor_webhook_secret");

    @Autowired CommandGateway commands;
    @Autowired JdbcTemplate jdbc;
    @Autowired Clock clock;
    @Autowired ReadModelReplay replay;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"directory", "catalogue"})
    void aRebuiltReadModelHasEveryRowItHadAndRulesReadItAsBefore(String group) {
        Instant now = clock.instant();
        String run = group + "-" + Long.toString(System.nanoTime(), 36);
        AgreementTerms terms = new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), 14, null,
                Set.of(Currency.getInstance("EUR")));
        VendorId open = new VendorId("open-" + run);
        CustomerRef ref = CommandPath.vendorWithSubscribedCustomer(commands, jdbc, open, terms,
                new CustomerId("cus-open-" + run), now.minus(Duration.ofDays(40)), now.plus(Duration.ofDays(30)),
                Money.of(499, "EUR"), now.minus(Duration.ofDays(20)));
        commands.sendAndWait(new ChangeAgreement(open, new AgreementTerms(BasisPoints.of(3000), BasisPoints.of(2000),
                7, BasisPoints.of(1500), Set.of(Currency.getInstance("EUR"), Currency.getInstance("JPY"))),
                now.minus(Duration.ofDays(10))));
        commands.sendAndWait(new SuspendVendor(open, "late invoices", now.minus(Duration.ofDays(5))));
        commands.sendAndWait(new ReinstateVendor(open, now.minus(Duration.ofDays(4))));
        commands.sendAndWait(new RotateWebhookSecret(open, "whs-rotated-" + run, now.plus(Duration.ofDays(1)),
                now.minus(Duration.ofDays(3))));
        commands.sendAndWait(new PublishOffer(open, new OfferId("boots"), "Boots", "Warm", Money.of(8999, "EUR"),
                now.minus(Duration.ofDays(3))));
        commands.sendAndWait(new PublishOffer(open, new OfferId("gloves"), "Gloves", "", null,
                now.minus(Duration.ofDays(2))));
        commands.sendAndWait(new WithdrawOffer(open, new OfferId("gloves"), now.minus(Duration.ofDays(1))));
        VendorId suspended = new VendorId("suspended-" + run);
        CustomerRef suspendedRef = CommandPath.vendorWithSubscribedCustomer(commands, jdbc, suspended, terms,
                new CustomerId("cus-suspended-" + run), now.minus(Duration.ofDays(40)), now.plus(Duration.ofDays(30)),
                Money.of(499, "EUR"), now.minus(Duration.ofDays(20)));
        commands.sendAndWait(new SuspendVendor(suspended, "fraud", now.minus(Duration.ofDays(2))));
        CustomerId lapsed = new CustomerId("cus-lapsed-" + run);
        commands.sendAndWait(new RegisterCustomer(lapsed, now.minus(Duration.ofDays(90))));
        commands.sendAndWait(new RecordSubscriptionPeriod(lapsed, now.minus(Duration.ofDays(90)),
                now.minus(Duration.ofDays(60)), Money.of(499, "EUR")));
        commands.sendAndWait(new RecordSubscriptionPeriod(lapsed, now.minus(Duration.ofDays(60)),
                now.plus(Duration.ofDays(30)), Money.of(499, "EUR")));
        RelationshipId ended = RelationshipId.random();
        commands.sendAndWait(new OpenRelationship(ended, lapsed, open, now.minus(Duration.ofDays(50))));
        CustomerRef endedRef = refOf(ended);
        commands.sendAndWait(new EndRelationship(ended, now.minus(Duration.ofDays(8))));
        commands.sendAndWait(new EndSubscription(lapsed, now.minus(Duration.ofDays(6))));
        Map<String, List<String>> before = readModels();
        assertThat(before.get("catalogue_offer")).isNotEmpty();
        assertThat(before.get("directory_relationship")).hasSizeGreaterThanOrEqualTo(3);

        var answer = replay.replay(group);

        assertThat(answer.getStatus()).as(String.valueOf(answer.getBody())).isEqualTo(200);
        assertThat(readModels()).isEqualTo(before);
        commands.sendAndWait(new ReportSale(new SaleId(open, "ord_after_rebuild"), ref, Money.of(10_000, "EUR"),
                Money.of(3_000, "EUR"), now, List.of(), now));
        assertThatThrownBy(() -> commands.sendAndWait(new ReportSale(new SaleId(open, "ord_ended_ref"), endedRef,
                Money.of(10_000, "EUR"), Money.of(3_000, "EUR"), now, List.of(), now)))
                .isInstanceOfSatisfying(RuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo("closed-customer-ref"));
        assertThatThrownBy(() -> commands.sendAndWait(new ReportSale(new SaleId(suspended, "ord_suspended"),
                suspendedRef, Money.of(10_000, "EUR"), Money.of(3_000, "EUR"), now, List.of(), now)))
                .isInstanceOfSatisfying(RuleViolation.class,
                        violation -> assertThat(violation.code()).isEqualTo("vendor-suspended"));
    }

    private CustomerRef refOf(RelationshipId relationship) {
        return new CustomerRef(jdbc.queryForObject(
                "select customer_ref from directory_relationship where relationship_id = ?", String.class,
                relationship.value()));
    }

    private Map<String, List<String>> readModels() {
        Map<String, List<String>> all = DatabaseSnapshot.of(jdbc.getDataSource());
        Map<String, List<String>> readModels = new TreeMap<>();
        TABLES.forEach(table -> readModels.put(table, all.get(table)));
        // A period's id is a row number and nothing else: no query reads it, and a rebuild numbers rows afresh.
        readModels.put("directory_subscription_period", all.get("directory_subscription_period").stream()
                .map(row -> row.replaceFirst("(?i)^id=[^|]*\\|", "")).sorted().toList());
        return readModels;
    }
}
