package org.ristourne.broker.payback;

import org.ristourne.broker.payback.payoutsaga.PayoutSaga;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The health component {@code payback}: whether payouts can reach Stripe, and how many wait. Without Stripe the node
 * is still UP (everything else works), and the detail says plainly that payouts stay requested.
 */
@Component("paybackHealthIndicator")
class PaybackHealth implements HealthIndicator {

    private final StripeCredits credits;
    private final StripeCash cash;
    private final JdbcTemplate jdbc;

    @Autowired
    PaybackHealth(StripeCredits credits, StripeCash cash, JdbcTemplate jdbc) {
        this.credits = credits;
        this.cash = cash;
        this.jdbc = jdbc;
    }

    PaybackHealth(StripeCredits credits, JdbcTemplate jdbc) {
        this(credits, StripeCash.off(), jdbc);
    }

    @Override
    public Health health() {
        Long inFlight = jdbc.queryForObject("select count(*) from saga_entry where saga_type = ?", Long.class,
                PayoutSaga.class.getName());
        return Health.up()
                .withDetail("stripe", credits.configured() ? "configured" : "not configured: payouts stay requested")
                .withDetail("connectPayouts", cash.port().isPresent()
                        ? "on: customers with a connected account are paid cash" : "off: payouts are credits")
                .withDetail("payoutsInFlight", inFlight == null ? 0L : inFlight)
                .build();
    }
}
