package org.ristourne.broker.payback;

import java.util.Currency;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link BillingCustomers} in the {@code billing_customer} table (V9). */
@Component
class JdbcBillingCustomers implements BillingCustomers {

    private final JdbcTemplate jdbc;

    JdbcBillingCustomers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<BillingCustomer> find(String customerId) {
        return jdbc.query("select customer_id, stripe_customer_id, currency from billing_customer where customer_id = ?",
                (row, index) -> new BillingCustomer(row.getString("customer_id"), row.getString("stripe_customer_id"),
                        Currency.getInstance(row.getString("currency"))), customerId).stream().findFirst();
    }
}
