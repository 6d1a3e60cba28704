package org.ristourne.broker.share.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageHandlerInterceptorSupport;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.api.SaleSharesFunded;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.sale.RefundSale;
import org.ristourne.broker.api.sale.ReportSale;
import org.ristourne.broker.api.share.BookSaleReported;
import org.ristourne.broker.share.book.SaleBook;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;
import org.ristourne.support.CommandPath;
import org.ristourne.support.OnH2;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A booking that breaks a rule (billing funds a sale still inside its return window) is parked in the dead-letter
 * queue with the later events of that sale, while other sales in the same batches go on being booked; the operator
 * sees it (endpoint, metric, health), retries it in vain, then drops the funding that should not have come, and the
 * rest of the sale is booked. A booking that fails for a passing reason (a lock timeout, a lost connection) is never
 * parked: the processor rolls its batch back and books it again once the failure has passed.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class LedgerDeadLetterIntegrationTest {

    @Autowired CommandGateway commands;
    @Autowired EventGateway events;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate transactions;
    @Autowired Clock clock;
    @Autowired ParkedBookings parkedBookings;

    @Autowired CommandBus commandBus;
    @Autowired MeterRegistry meters;
    @Autowired HealthEndpoint health;

    /** Failures that pass on their own: each must be retried, never parked. */
    enum PassingFailure {
        LOCK_TIMEOUT(() -> new CannotAcquireLockException("Lock wait timeout exceeded; try restarting transaction",
                new SQLTransactionRollbackException("Lock wait timeout exceeded", "HY000", 1205))),
        DEADLOCK(() -> new PessimisticLockingFailureException("Deadlock found when trying to get lock",
                new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213))),
        CONCURRENT_APPEND(() -> new ConcurrencyException("An event for aggregate [x] at sequence [3] was already"
                + " inserted")),
        DATABASE_UNAVAILABLE(() -> new CannotCreateTransactionException("Could not open JPA EntityManager",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available"))),
        QUERY_TIMEOUT(() -> new QueryTimeoutException("statement cancelled after its timeout"));

        final Supplier<RuntimeException> failure;

        PassingFailure(Supplier<RuntimeException> failure) {
            this.failure = failure;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PassingFailure.class)
    void aBookingThatFailsForAPassingReasonIsRetriedNotParkedAndBookedOnce(PassingFailure kind) {
        Instant now = clock.instant();
        VendorId vendor = new VendorId("flaky-" + kind.name().toLowerCase().replace('_', '-'));
        CustomerRef ref = CommandPath.vendorWithSubscribedCustomer(commands, jdbc, vendor, new AgreementTerms(
                        BasisPoints.of(2000), BasisPoints.of(2500), 14, null, Set.of(Currency.getInstance("EUR"))),
                new CustomerId("cus-" + vendor.value()), now.minusSeconds(60), now.plus(Duration.ofDays(30)),
                Money.of(499, "EUR"), now);
        SaleId sale = new SaleId(vendor, "ord_flaky");
        AtomicInteger attempts = new AtomicInteger();
        int failures = 2;
        Registration injected = ((MessageHandlerInterceptorSupport<CommandMessage<?>>) commandBus)
                .registerHandlerInterceptor((unitOfWork, chain) -> {
                    if (unitOfWork.getMessage().getPayload() instanceof BookSaleReported booking
                            && booking.saleKey().equals(sale.toString()) && attempts.incrementAndGet() <= failures) {
                        throw kind.failure.get();
                    }
                    return chain.proceed();
                });
        try {
            commands.sendAndWait(new ReportSale(sale, ref, Money.of(10_000, "EUR"), Money.of(3_000, "EUR"), now,
                    List.of(), now));

            Awaitility.await("booked or parked").atMost(Duration.ofSeconds(30))
                    .until(() -> postingsOf(sale) > 0 || !parked(sale).isEmpty());
        } finally {
            injected.cancel();
        }
        assertThat(parked(sale)).as("parked after a %s", kind).isEmpty();
        assertThat(attempts).as("booking attempts").hasValue(failures + 1);
        assertThat(postingsOf(sale)).as("postings booked for the sale").isOne();
    }

    @Test
    void aBookingThatBreaksARuleIsParkedWithItsSaleAndOtherSalesGoOn() {
        Instant now = clock.instant();
        VendorId vendor = new VendorId("dead-letter-shop");
        CustomerId customer = new CustomerId("cus-dead-letter");
        CustomerRef ref = CommandPath.vendorWithSubscribedCustomer(commands, jdbc, vendor, new AgreementTerms(
                BasisPoints.of(2000), BasisPoints.of(2500), 14, null, Set.of(Currency.getInstance("EUR"))), customer,
                now.minusSeconds(60), now.plus(Duration.ofDays(30)), Money.of(499, "EUR"), now);

        SaleId poisoned = new SaleId(vendor, "ord_funded_too_early");
        commands.sendAndWait(new ReportSale(poisoned, ref, Money.of(10_000, "EUR"), Money.of(3_000, "EUR"), now,
                List.of(), now));
        awaitPosting(PostingId.of("sale", poisoned.toString(), "reported").value());
        transactions.executeWithoutResult(status -> events.publish(new SaleSharesFunded(poisoned.toString(), "ch_x",
                now)));
        commands.sendAndWait(new RefundSale(poisoned, new RefundId("rf_after_poison"), Money.of(1_000, "EUR"), now));
        SaleId healthy = new SaleId(vendor, "ord_healthy");
        commands.sendAndWait(new ReportSale(healthy, ref, Money.of(20_000, "EUR"), Money.of(6_000, "EUR"), now,
                List.of(), now));

        awaitPosting(PostingId.of("sale", healthy.toString(), "reported").value());
        Awaitility.await("the poisoned sale's events parked").atMost(Duration.ofSeconds(30))
                .until(() -> parked(poisoned).size() == 2);
        assertThat(parked(poisoned)).extracting(row -> row.substring(row.lastIndexOf('.') + 1))
                .containsExactly("SaleSharesFunded", "SaleRefunded");
        assertThat(jdbc.queryForObject("select cause_message from dead_letter_entry where sequence_identifier = ?"
                + " and sequence_index = (select min(sequence_index) from dead_letter_entry"
                + " where sequence_identifier = ?)", String.class, poisoned.toString(), poisoned.toString()))
                .contains("cannot be funded while PENDING");
        assertThat(jdbc.queryForObject("select count(*) from ledger_entry where sale_key = ? and reason = ?",
                Long.class, poisoned.toString(), ReasonCode.SHARES_REFUNDED.name()))
                .as("nothing booked past the parked event").isZero();
        assertThat(jdbc.queryForObject("select count(*) from dead_letter_entry where sequence_identifier = ?",
                Long.class, healthy.toString())).isZero();

        // What the operator sees, and does about it.
        Gauge parkedGauge = meters.find("ristourne.ledger.parked.sequences").gauge();
        assertThat(parkedGauge).as("gauge ristourne.ledger.parked.sequences").isNotNull();
        assertThat(parkedGauge.value()).isEqualTo(1.0);
        HealthDescriptor parkedHealth = health.healthForPath("parkedBookings");
        assertThat(parkedHealth).as("health indicator parkedBookings").isInstanceOf(IndicatedHealthDescriptor.class);
        assertThat(parkedHealth.getStatus().getCode()).isEqualTo("PARKED");
        assertThat(((IndicatedHealthDescriptor) parkedHealth).getDetails())
                .containsEntry("parkedSequences", 1L).containsEntry("parkedEvents", 2L)
                .containsEntry("oldestSequence", poisoned.toString())
                .containsKey("oldestParkedAt").containsKey("action");
        assertThat(health.health().getStatus().getCode()).as("overall health").isEqualTo("PARKED");
        assertThat(sequences(parkedBookings.parked())).singleElement().satisfies(sequence -> {
            assertThat(sequence).containsEntry("sequence", poisoned.toString()).containsEntry("events", 2L)
                    .containsEntry("firstEvent", "SaleSharesFunded");
            assertThat((String) sequence.get("cause")).contains("cannot be funded while PENDING");
        });
        assertThat(sequences(parkedBookings.act("retry", null))).singleElement()
                .satisfies(sequence -> assertThat(sequence).containsEntry("events", 2L));
        assertThatThrownBy(() -> parkedBookings.act("forget", null))
                .isInstanceOf(InvalidEndpointRequestException.class);
        assertThatThrownBy(() -> parkedBookings.act("drop-first", "no-such/sale"))
                .isInstanceOf(InvalidEndpointRequestException.class);

        assertThat(sequences(parkedBookings.act("drop-first", poisoned.toString()))).isEmpty();
        awaitPosting(PostingId.of("sale", poisoned.toString(), "refund", "rf_after_poison").value());
        assertThat(parkedGauge.value()).isZero();
        assertThat(health.healthForPath("parkedBookings").getStatus()).isEqualTo(Status.UP);
    }

    private long postingsOf(SaleId sale) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%.PostingRecorded'", Long.class, SaleBook.idOf(sale.toString()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sequences(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("sequences");
    }

    private List<String> parked(SaleId sale) {
        return jdbc.queryForList("select payload_type from dead_letter_entry where processing_group = ?"
                + " and sequence_identifier = ? order by sequence_index", String.class,
                WhenSaleLifecycleThenBookShares.GROUP, sale.toString());
    }

    private void awaitPosting(String postingId) {
        Awaitility.await(postingId).atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from ledger_entry where posting_id = ?", Long.class, postingId) > 0);
    }
}
