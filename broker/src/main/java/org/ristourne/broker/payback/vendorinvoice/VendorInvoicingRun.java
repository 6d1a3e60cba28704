package org.ristourne.broker.payback.vendorinvoice;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendorinvoice.IssueVendorInvoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Issues vendor invoices: for one vendor now (the operator), or for every onboarded vendor for the period that ended
 * at the start of the run's day (the schedule). A vendor whose invoicing fails is logged and the run goes on.
 */
@Service
public class VendorInvoicingRun {

    private static final Logger log = LoggerFactory.getLogger(VendorInvoicingRun.class);

    private final CommandGateway commands;
    private final VendorInvoicingProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public VendorInvoicingRun(CommandGateway commands, VendorInvoicingProperties properties, JdbcTemplate jdbc,
                              Clock clock) {
        this.commands = commands;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Invoices what the vendor owes for sales confirmed before {@code periodEnd}; empty when there is nothing. */
    public Optional<String> issue(VendorId vendor, Instant periodEnd) {
        Instant now = clock.instant();
        try {
            String invoiceId = commands.sendAndWait(new IssueVendorInvoice(VendorInvoicing.idOf(vendor), vendor,
                    periodEnd, now, properties.dueAfter(now)));
            return Optional.ofNullable(invoiceId);
        } catch (AggregateNotFoundException e) {
            return Optional.empty(); // no share of any of its sales was ever booked
        }
    }

    /** The schedule's run: every onboarded vendor, for the period ending at the start of today. */
    public void issueAll() {
        Instant periodEnd = properties.periodEndOf(clock.instant());
        List<String> vendors = jdbc.queryForList("select vendor_id from directory_vendor order by vendor_id",
                String.class);
        int issued = 0;
        int failed = 0;
        for (String vendor : vendors) {
            try {
                if (issue(new VendorId(vendor), periodEnd).isPresent()) {
                    issued++;
                }
            } catch (RuntimeException e) {
                failed++;
                log.error("Vendor {} could not be invoiced for the period ending {}; the others go on, and the next run"
                        + " (or POST /operator/vendors/{}/invoices) takes its sales", vendor, periodEnd, vendor, e);
            }
        }
        log.info("Vendor invoicing for the period ending {}: {} vendor(s), {} invoice(s) issued, {} failed",
                periodEnd, vendors.size(), issued, failed);
    }
}
