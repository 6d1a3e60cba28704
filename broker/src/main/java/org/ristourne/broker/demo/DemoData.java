package org.ristourne.broker.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.OfferId;
import org.ristourne.broker.api.RefundId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.SaleId;
import org.ristourne.broker.api.SaleLine;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.customer.RecordSubscriptionPeriod;
import org.ristourne.broker.api.relationship.OpenRelationship;
import org.ristourne.broker.api.sale.RefundSale;
import org.ristourne.broker.api.sale.ReportSale;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.api.vendor.OnboardVendor;
import org.ristourne.broker.api.vendor.PublishOffer;
import org.ristourne.broker.api.vendorinvoice.FindVendorInvoices;
import org.ristourne.broker.api.vendorinvoice.RecordVendorInvoicePaid;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceView;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.payback.BillingCustomer;
import org.ristourne.broker.payback.BillingCustomerRecords;
import org.ristourne.broker.payback.StripeProperties;
import org.ristourne.broker.payback.vendorinvoice.VendorInvoicing;
import org.ristourne.broker.payback.vendorinvoice.VendorInvoicingRun;
import org.ristourne.broker.subscribe.account.CustomerAccounts;
import org.ristourne.broker.subscribe.account.SignUp;
import org.ristourne.broker.vendor.WebhookSecrets;
import org.ristourne.ledger.money.BasisPoints;
import org.ristourne.ledger.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds the demonstration data once, when the broker is ready, through the commands and services real data goes
 * through: the customer signs up like anyone, the vendor is onboarded and publishes offers as the operator would do
 * it, the sales are reported and refunded as the vendor's webhook would, and the vendor is invoiced by the same run as
 * the monthly schedule. Dates lie in the past months (the agreement, the subscription and the relationship are
 * backdated to cover them) so that the hold deadlines of the older sales have already passed and fire at once.
 *
 * <p>Three things stand in for Stripe. The customer is recorded in billing as a completed checkout would record them;
 * the first two vendor invoices are recorded paid as Stripe's {@code invoice.paid} webhook would record them, so that
 * their sales are funded; and {@link DemoCustomerCredits} accepts the payouts the saga asks for, so that rebates reach
 * CREDITED. That is why the demo refuses to run when Stripe is configured: a
 * payment no Stripe saw must never meet a real Stripe account. No sale is PAID (in cash): that needs Stripe Connect.
 *
 * <p>The bean exists only when {@code ristourne.demo.enabled} is true.
 */
@Component
@ConditionalOnBooleanProperty("ristourne.demo.enabled")
public class DemoData {

    public static final String EMAIL = "demo@ristourne.example";
    /** Published in the README: the account is for trying the pages on one's own machine, nothing else. */
    public static final String PASSWORD = "ristourne-demo";
    public static final VendorId VENDOR = new VendorId("demo-outdoor-shop");

    public enum Outcome { SEEDED, ALREADY_THERE, REFUSED_WITH_STRIPE, DISABLED }

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final int HOLD_DAYS = 14;
    /** Sales confirmed before this many days ago are on the first vendor invoice, recorded paid. */
    private static final int FIRST_INVOICE_DAYS_AGO = 60;
    /** Then on the second one, also recorded paid. */
    private static final int SECOND_INVOICE_DAYS_AGO = 35;
    /** Then on the third, left unpaid. */
    private static final int THIRD_INVOICE_DAYS_AGO = 5;
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private record Refund(String refundId, int daysAgo, long amount) {
    }

    private record DemoSale(String saleId, int daysAgo, String description, long amount, long margin,
                            @Nullable Refund refund) {
    }

    /**
     * Each sale's age decides its state, with a hold of 14 days and the three invoices above. Confirmed before the
     * first invoice's end (completed over 74 days ago), funded, and each rebate over the minimum payout of 5.00 EUR so
     * it is paid out on its own: CREDITED. On the second invoice (49 to 74 days), funded, their rebates together under
     * the minimum: PAYABLE, waiting for more. On the third (19 to 49 days): INVOICED. Confirmed since (14 to 19 days):
     * CONFIRMED. Under 14 days: PENDING. Refunded in full: REFUNDED.
     */
    private static final List<DemoSale> SALES = List.of(
            new DemoSale("demo-1001", 95, "Walking boots", 12999, 4200, null),
            new DemoSale("demo-1002", 80, "Two-person tent", 24900, 7500, null),
            new DemoSale("demo-1003", 62, "Merino base layer", 5990, 1800, null),
            new DemoSale("demo-1004", 55, "Head torch", 3450, 1040, null),
            new DemoSale("demo-1005", 45, "Trekking poles", 8900, 2700, null),
            new DemoSale("demo-1006", 40, "Rain jacket", 9900, 3000, new Refund("demo-rf-1006", 38, 9900)),
            new DemoSale("demo-1007", 33, "Water filter", 1999, 600, new Refund("demo-rf-1007", 30, 500)),
            new DemoSale("demo-1008", 24, "Down sleeping bag", 14900, 4500, null),
            new DemoSale("demo-1009", 17, "Camping stove", 7400, 2200, null),
            new DemoSale("demo-1010", 6, "Map and compass set", 4500, 1350, null),
            new DemoSale("demo-1011", 2, "Hiking backpack 45 l", 21000, 6300, new Refund("demo-rf-1011", 1, 3000)));

    private final DemoProperties properties;
    private final StripeProperties stripe;
    private final SignUp signUp;
    private final CustomerAccounts accounts;
    private final BillingCustomerRecords billingCustomers;
    private final BrokerDirectory directory;
    private final WebhookSecrets secrets;
    private final VendorInvoicingRun invoicing;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final EventProcessingConfiguration processing;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    DemoData(DemoProperties properties, StripeProperties stripe, SignUp signUp, CustomerAccounts accounts,
             BillingCustomerRecords billingCustomers,
             BrokerDirectory directory, WebhookSecrets secrets, VendorInvoicingRun invoicing, CommandGateway commands,
             QueryGateway queries, EventProcessingConfiguration processing, TransactionTemplate transactions,
             JdbcTemplate jdbc, Clock clock) {
        this.properties = properties;
        this.stripe = stripe;
        this.signUp = signUp;
        this.accounts = accounts;
        this.billingCustomers = billingCustomers;
        this.directory = directory;
        this.secrets = secrets;
        this.invoicing = invoicing;
        this.commands = commands;
        this.queries = queries;
        this.processing = processing;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Seeding failing must not take the broker down with it: the log says what is missing. */
    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        try {
            seed();
        } catch (RuntimeException failed) {
            log.error("Demo data: seeding failed part-way; delete ./data and start again to retry", failed);
        }
    }

    /** Seeds the demo unless it is there already (the demo vendor or the demo account), so a restart adds nothing. */
    public synchronized Outcome seed() {
        // The bean exists only with the setting on; the typed setting is checked again so that no other path seeds.
        if (!properties.enabled()) {
            return Outcome.DISABLED;
        }
        if (stripe.settings().isConfigured()) {
            log.warn("Demo data NOT seeded: Stripe is configured, and the demo records a vendor invoice as paid that no"
                    + " Stripe account saw. Run the demo without RISTOURNE_STRIPE_SECRET_KEY.");
            return Outcome.REFUSED_WITH_STRIPE;
        }
        if (directory.vendor(VENDOR).isPresent() || accounts.byEmail(EMAIL).isPresent()) {
            log.info("Demo data already there (vendor {}, customer {}): nothing seeded", VENDOR.value(), EMAIL);
            logCredentials();
            return Outcome.ALREADY_THERE;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ZonedDateTime thisMonth = now.atZone(ZoneOffset.UTC).with(TemporalAdjusters.firstDayOfMonth())
                .truncatedTo(ChronoUnit.DAYS);
        Instant since = thisMonth.minusMonths(4).toInstant();

        onboardVendor(since);
        CustomerId customerId = signUp.signUp(new SignUp.Form("Demo customer", EMAIL, PASSWORD)).customerId();
        // What the Stripe webhook records when a checkout completes; payouts go only to customers known to billing.
        billingCustomers.record(new BillingCustomer(customerId.value(), "cus_demo_" + customerId.value(), EUR));
        for (int monthsAgo = 4; monthsAgo >= 0; monthsAgo--) {
            ZonedDateTime from = thisMonth.minusMonths(monthsAgo);
            commands.sendAndWait(new RecordSubscriptionPeriod(customerId, from.toInstant(),
                    from.plusMonths(1).toInstant(), Money.of(499, EUR)));
        }
        RelationshipId relationshipId = RelationshipId.random();
        commands.sendAndWait(new OpenRelationship(relationshipId, customerId, VENDOR, since.plus(Duration.ofHours(1))));
        CustomerRef customerRef = new CustomerRef(jdbc.queryForObject(
                "select customer_ref from directory_relationship where relationship_id = ?", String.class,
                relationshipId.value()));

        for (DemoSale sale : SALES) {
            Instant completedAt = now.minus(Duration.ofDays(sale.daysAgo()));
            Money amount = Money.of(sale.amount(), EUR);
            commands.sendAndWait(new ReportSale(new SaleId(VENDOR, sale.saleId()), customerRef, amount,
                    Money.of(sale.margin(), EUR), completedAt, List.of(new SaleLine(sale.description(), 1, amount)),
                    now));
            if (sale.refund() != null) {
                commands.sendAndWait(new RefundSale(new SaleId(VENDOR, sale.saleId()),
                        new RefundId(sale.refund().refundId()), Money.of(sale.refund().amount(), EUR),
                        now.minus(Duration.ofDays(sale.refund().daysAgo()))));
            }
        }

        // The older sales' holds have ended already: their deadlines fire as soon as the scheduler sees them, and the
        // vendor's invoicing must have counted each confirmation before an invoice can take it.
        awaitUntil("the older sales to be confirmed", () -> statement(customerId).stream().filter(line ->
                line.expectedConfirmation().isBefore(now) && !line.state().equals("REFUNDED"))
                .allMatch(line -> line.state().equals("CONFIRMED")) && statement(customerId).size() == SALES.size());
        awaitProcessorsCaughtUp();
        recordPaid(issue(now, FIRST_INVOICE_DAYS_AGO), now);
        awaitProcessorsCaughtUp();
        recordPaid(issue(now, SECOND_INVOICE_DAYS_AGO), now);
        awaitProcessorsCaughtUp();
        issue(now, THIRD_INVOICE_DAYS_AGO);
        awaitProcessorsCaughtUp();

        Map<String, Long> states = statement(customerId).stream()
                .collect(Collectors.groupingBy(StatementLine::state, TreeMap::new, Collectors.counting()));
        log.info("Demo data seeded: vendor {}, customer {}, {} sales by state {}", VENDOR.value(), EMAIL,
                SALES.size(), states);
        logCredentials();
        return Outcome.SEEDED;
    }

    private void logCredentials() {
        log.warn("Demonstration credentials (demo data, never for a real deployment): sign in at /sign-in as {}"
                + " with password {}", EMAIL, PASSWORD);
    }

    /** As the operator's onboarding does it: the secret row and the vendor's first event in one transaction. */
    private void onboardVendor(Instant since) {
        AgreementTerms terms = new AgreementTerms(BasisPoints.of(2000), BasisPoints.of(2500), HOLD_DAYS, null,
                Set.of(EUR));
        transactions.executeWithoutResult(status -> {
            String secretId = secrets.issue(VENDOR).secretId();
            commands.sendAndWait(new OnboardVendor(VENDOR, "Demo outdoor shop", terms, secretId, since));
        });
        Instant at = clock.instant();
        commands.sendAndWait(new PublishOffer(VENDOR, new OfferId("demo-autumn-bundle"), "Autumn hiking bundle",
                "Boots, poles and a rain jacket, fitted in the shop.", Money.of(24900, EUR), at));
        commands.sendAndWait(new PublishOffer(VENDOR, new OfferId("demo-boot-repair"), "Boot repair",
                "Resoling and stitching of any boots bought here, within two weeks.", null, at));
    }

    /** As the monthly schedule does it, for the period ending that many days ago; then waits for it to be listed. */
    private String issue(Instant now, int periodEndDaysAgo) {
        String invoiceId = invoicing.issue(VENDOR, now.minus(Duration.ofDays(periodEndDaysAgo))).orElseThrow(() ->
                new IllegalStateException("demo data: the vendor invoice ending " + periodEndDaysAgo
                        + " days ago had nothing in it"));
        awaitProcessorsCaughtUp();
        return invoiceId;
    }

    /**
     * What Stripe's {@code invoice.paid} webhook records when the vendor pays (subscribe/stripewebhook), with a payment
     * id that says it is the demo's.
     */
    private void recordPaid(String invoiceId, Instant now) {
        VendorInvoiceView line = queries.query(new FindVendorInvoices(null),
                        ResponseTypes.multipleInstancesOf(VendorInvoiceView.class)).join().stream()
                .filter(view -> view.invoiceId().equals(invoiceId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("demo data: invoice " + invoiceId + " is not listed"));
        commands.sendAndWait(new RecordVendorInvoicePaid(VendorInvoicing.idOf(VENDOR), invoiceId,
                "demo_paid_" + invoiceId, line.total(), now));
    }

    private List<StatementLine> statement(CustomerId customerId) {
        return queries.query(new GetCustomerStatement(customerId.value()),
                ResponseTypes.multipleInstancesOf(StatementLine.class)).join();
    }

    /**
     * Every event processor has handled every event stored so far, none of them waiting on a gap that is filled
     * now (the same test as the integration tests' {@code Processors}, which main code cannot use).
     */
    private void awaitProcessorsCaughtUp() {
        awaitUntil("the event processors to catch up", () -> {
            Long head = head();
            long newest = head == null ? -1 : head;
            boolean caughtUp = processing.eventProcessors().values().stream()
                    .filter(StreamingEventProcessor.class::isInstance)
                    .map(StreamingEventProcessor.class::cast)
                    .allMatch(processor -> processor.isRunning() && !processor.processingStatus().isEmpty()
                            && processor.processingStatus().values().stream().allMatch(status ->
                            !status.isErrorState() && status.getCurrentPosition().orElse(-1L) >= newest
                                    && !waitsForAStoredEvent(status)));
            return caughtUp && Objects.equals(head, head());
        });
    }

    private @Nullable Long head() {
        return jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
    }

    private boolean waitsForAStoredEvent(EventTrackerStatus status) {
        TrackingToken token = WrappedToken.unwrapLowerBound(status.getTrackingToken());
        if (!(token instanceof GapAwareTrackingToken gapAware) || gapAware.getGaps().isEmpty()) {
            return false;
        }
        return gapAware.getGaps().stream().anyMatch(gap -> Objects.equals(1L, jdbc.queryForObject(
                "select count(*) from domain_event_entry where global_index = ?", Long.class, gap)));
    }

    private void awaitUntil(String what, BooleanSupplier done) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("demo data: gave up waiting for " + what + " after " + PATIENCE);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("demo data: interrupted while waiting for " + what, interrupted);
            }
        }
    }
}
