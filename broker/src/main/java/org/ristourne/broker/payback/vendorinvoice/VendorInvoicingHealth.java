package org.ristourne.broker.payback.vendorinvoice;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The health component {@code vendorInvoicing}: whether invoices can reach Stripe, and how many lines are in each
 * state (overdue and failed ones wait for the operator). Always UP: an unpaid invoice is the vendor's matter, and
 * without Stripe everything else still works; the detail says plainly that invoices stay issued.
 */
@Component("vendorInvoicingHealthIndicator")
class VendorInvoicingHealth implements HealthIndicator {

    private final StripeVendorInvoicing stripe;
    private final JdbcTemplate jdbc;

    VendorInvoicingHealth(StripeVendorInvoicing stripe, JdbcTemplate jdbc) {
        this.stripe = stripe;
        this.jdbc = jdbc;
    }

    @Override
    public Health health() {
        Map<String, Long> lines = new TreeMap<>();
        jdbc.query("select state, count(*) from vendor_invoice group by state",
                rs -> {
                    lines.put(rs.getString(1), rs.getLong(2));
                });
        return Health.up()
                .withDetail("stripe", stripe.configured() ? "configured" : "not configured: invoices stay issued, unsent")
                .withDetail("lines", lines)
                .build();
    }
}
