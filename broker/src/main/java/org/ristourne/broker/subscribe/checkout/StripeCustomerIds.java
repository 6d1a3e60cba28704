package org.ristourne.broker.subscribe.checkout;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.support.EpochMicros;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which Stripe Customer a customer is: {@code billing_customer} once a checkout completed, else {@code stripe_customer},
 * written as soon as Stripe made the customer when a checkout started, so that every later checkout reuses it.
 */
@Component
class StripeCustomerIds {

    private static final Logger log = LoggerFactory.getLogger(StripeCustomerIds.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    StripeCustomerIds(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<String> find(CustomerId customer) {
        List<String> ids = jdbc.queryForList("""
                select stripe_customer_id from billing_customer where customer_id = ?
                union all
                select stripe_customer_id from stripe_customer where customer_id = ?""", String.class,
                customer.value(), customer.value());
        return ids.stream().findFirst();
    }

    /**
     * Records the Stripe Customer just made (in its own short transaction, before the checkout is asked for). Two
     * checkouts started at once get the same Stripe Customer (its key derives from the customer id), so a second
     * insert finds the first one's row; if that row names another Stripe customer, the first one stays.
     */
    String record(CustomerId customer, String stripeCustomerId) {
        try {
            jdbc.update("insert into stripe_customer (customer_id, stripe_customer_id, created_at_us) values (?, ?, ?)",
                    customer.value(), stripeCustomerId, EpochMicros.of(clock.instant()));
            return stripeCustomerId;
        } catch (DuplicateKeyException alreadyThere) {
            String known = find(customer).orElseThrow(() -> alreadyThere);
            if (!known.equals(stripeCustomerId)) {
                log.warn("Customer {} is already Stripe customer {}; Stripe customer {} made for them is not used",
                        customer, known, stripeCustomerId);
            }
            return known;
        }
    }
}
