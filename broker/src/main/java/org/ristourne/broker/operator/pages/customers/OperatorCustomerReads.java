package org.ristourne.broker.operator.pages.customers;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.support.EpochMicros;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Customers for support: their account, their subscription's state and how many relationships they have open. It
 * reads no sale, amount or vendor, so the page cannot show one.
 */
@Repository
class OperatorCustomerReads {

    /** Stripe statuses of a subscription still alive, as the account page counts them (see.account.AccountReads). */
    private static final String LIVE_STRIPE = "'active', 'trialing', 'incomplete', 'past_due'";

    /**
     * {@code coveredNow}: a paid period covers now or starts later; {@code lastUntil}: the end of the latest period
     * the directory knows, null when it knows none; {@code stripeLive}: Stripe tells of a live subscription.
     */
    record CustomerRow(String customerId, String email, String displayName, Instant registeredAt, boolean coveredNow,
                       @Nullable Instant lastUntil, boolean stripeLive, int openRelationships) {
    }

    private final JdbcTemplate jdbc;

    OperatorCustomerReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest {@code limit} customers whose email starts with {@code emailPrefix} (any, when empty). */
    List<CustomerRow> newest(String emailPrefix, int limit, Instant now) {
        long at = EpochMicros.of(now);
        return jdbc.query("""
                select c.customer_id, c.email, c.display_name, c.created_at_us,
                    (select count(*) from directory_subscription_period p
                        where p.customer_id = c.customer_id and p.active_until_us > ?) as covered,
                    (select max(p.active_until_us) from directory_subscription_period p
                        where p.customer_id = c.customer_id) as last_until,
                    (select count(*) from billing_subscription b
                        where b.customer_id = c.customer_id and b.status in (%s)) as live,
                    (select count(*) from directory_relationship r
                        where r.customer_id = c.customer_id and r.open_pair is not null) as open_relationships
                from customer_account c
                where c.email like ? escape '!'
                order by c.created_at_us desc, c.customer_id
                limit ?""".formatted(LIVE_STRIPE), (rs, n) -> {
            long lastUntil = rs.getLong("last_until");
            Instant until = rs.wasNull() ? null : EpochMicros.toInstant(lastUntil);
            return new CustomerRow(rs.getString("customer_id"), rs.getString("email"), rs.getString("display_name"),
                    EpochMicros.toInstant(rs.getLong("created_at_us")), rs.getInt("covered") > 0, until,
                    rs.getInt("live") > 0, rs.getInt("open_relationships"));
        }, at, likePrefix(emailPrefix), limit);
    }

    /** Emails are stored lower-cased; a typed % or _ is a character to match, not a wildcard. */
    static String likePrefix(String prefix) {
        return prefix.strip().toLowerCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%")
                .replace("_", "!_") + "%";
    }
}
