package org.ristourne.broker.payback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Currency;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link BillingCustomers} and {@link BillingCustomerRecords} in the {@code billing_customer} table (V9). */
@Component
class JdbcBillingCustomers implements BillingCustomers, BillingCustomerRecords {

    private final JdbcTemplate jdbc;

    JdbcBillingCustomers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<BillingCustomer> find(String customerId) {
        return jdbc.query("select customer_id, stripe_customer_id, currency from billing_customer where customer_id = ?",
                JdbcBillingCustomers::row, customerId).stream().findFirst();
    }

    @Override
    public Optional<BillingCustomer> findByStripeCustomerId(String stripeCustomerId) {
        return jdbc.query("""
                select customer_id, stripe_customer_id, currency from billing_customer where stripe_customer_id = ?
                order by customer_id""", JdbcBillingCustomers::row, stripeCustomerId).stream().findFirst();
    }

    @Override
    public Recorded record(BillingCustomer customer) {
        Optional<BillingCustomer> known = find(customer.customerId());
        if (known.isPresent()) {
            return known.get().equals(customer) ? Recorded.ALREADY_KNOWN : Recorded.CONFLICT;
        }
        // A concurrent insert of the same customer fails on the primary key and the caller's transaction is retried.
        jdbc.update("insert into billing_customer (customer_id, stripe_customer_id, currency) values (?, ?, ?)",
                customer.customerId(), customer.stripeCustomerId(), customer.currency().getCurrencyCode());
        return Recorded.RECORDED;
    }

    private static BillingCustomer row(ResultSet row, int index) throws SQLException {
        return new BillingCustomer(row.getString("customer_id"), row.getString("stripe_customer_id"),
                Currency.getInstance(row.getString("currency")));
    }
}
