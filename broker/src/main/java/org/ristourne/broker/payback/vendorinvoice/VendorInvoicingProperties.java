package org.ristourne.broker.payback.vendorinvoice;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When vendors are invoiced.
 *
 * @param schedule     Spring cron (six fields) of the invoicing run; default 03:00 on the 1st of each month; {@code -}
 *                     turns the schedule off (the operator can still invoice by hand)
 * @param zone         the zone of the schedule and of the period's end (the run's start of day); default UTC
 * @param paymentTerms how long after issue an invoice is due; default 30 days
 */
@ConfigurationProperties("ristourne.payback.vendor-invoicing")
public record VendorInvoicingProperties(
        @DefaultValue("0 0 3 1 * *") String schedule,
        @DefaultValue("UTC") ZoneId zone,
        @DefaultValue("30d") Duration paymentTerms) {

    public VendorInvoicingProperties {
        if (paymentTerms.isNegative() || paymentTerms.isZero()) {
            throw new IllegalArgumentException("ristourne.payback.vendor-invoicing.payment-terms must be positive, got "
                    + paymentTerms);
        }
    }

    /** A scheduled run invoices what was confirmed before the start of the run's day. */
    public Instant periodEndOf(Instant run) {
        return run.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
    }

    public Instant dueAfter(Instant issuedAt) {
        return issuedAt.plus(paymentTerms);
    }
}
