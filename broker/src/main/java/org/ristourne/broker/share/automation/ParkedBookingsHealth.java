package org.ristourne.broker.share.automation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Parked bookings as the operator's monitoring sees them: the gauge {@value #GAUGE} (sequences parked), and the health
 * component {@code parkedBookings}, whose status is {@value #PARKED} while anything is parked. PARKED ranks between
 * DOWN and UP and answers HTTP 200 (application.yml): the node still serves every other sale, so a load balancer must
 * keep it, but the overall health no longer says UP.
 */
@Component("parkedBookingsHealthIndicator")
class ParkedBookingsHealth implements HealthIndicator, MeterBinder {

    static final String GAUGE = "ristourne.ledger.parked.sequences";
    static final String PARKED = "PARKED";

    private final JdbcTemplate jdbc;

    ParkedBookingsHealth(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(GAUGE, this, ParkedBookingsHealth::parkedSequences)
                .description("Sales or payouts whose bookings wait in the dead-letter queue for an operator")
                .tag("processingGroup", WhenSaleLifecycleThenBookShares.GROUP)
                .register(registry);
    }

    private double parkedSequences() {
        Long sequences = jdbc.queryForObject("select count(distinct sequence_identifier) from dead_letter_entry"
                + " where processing_group = ?", Long.class, WhenSaleLifecycleThenBookShares.GROUP);
        return sequences == null ? 0 : sequences;
    }

    @Override
    public Health health() {
        Map<String, Object> totals = jdbc.queryForMap("select count(distinct sequence_identifier) as sequences,"
                + " count(*) as events from dead_letter_entry where processing_group = ?",
                WhenSaleLifecycleThenBookShares.GROUP);
        long sequences = ((Number) totals.get("sequences")).longValue();
        if (sequences == 0) {
            return Health.up().withDetail("parkedSequences", 0L).build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("parkedSequences", sequences);
        details.put("parkedEvents", ((Number) totals.get("events")).longValue());
        List<Map<String, Object>> oldest = jdbc.queryForList("""
                select sequence_identifier, payload_type, cause_type, cause_message, enqueued_at from dead_letter_entry
                where processing_group = ? order by enqueued_at, sequence_index limit 1
                """, WhenSaleLifecycleThenBookShares.GROUP);
        if (!oldest.isEmpty()) {
            Map<String, Object> first = oldest.get(0);
            details.put("oldestSequence", first.get("sequence_identifier"));
            details.put("oldestParkedAt", String.valueOf(first.get("enqueued_at")));
            details.put("oldestCause", first.get("cause_type") + ": " + first.get("cause_message"));
        }
        details.put("action", "GET /actuator/parkedbookings lists them; POST {\"action\":\"retry\"} books them again,"
                + " {\"action\":\"drop-first\",\"sequence\":\"…\"} discards the first event of one (docs/ledger.md)");
        return Health.status(new Status(PARKED, "bookings wait in the dead-letter queue for an operator"))
                .withDetails(details).build();
    }
}
