package org.ristourne.broker.subscribe.account;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.support.EpochMicros;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The customer_account table. Emails are stored trimmed and lower-cased, so one mailbox is one account whatever case
 * it is typed in; the unique key, not a look-up, decides between two sign-ups racing for the same email.
 */
@Repository
public class CustomerAccounts {

    private static final RowMapper<CustomerAccount> ROW = (rs, row) -> {
        long lockedUntil = rs.getLong("locked_until_us");
        return new CustomerAccount(new CustomerId(rs.getString("customer_id")), rs.getString("email"),
                rs.getString("display_name"), rs.getString("password_hash"), rs.getInt("failed_sign_ins"),
                rs.wasNull() ? null : EpochMicros.toInstant(lockedUntil));
    };

    private final JdbcTemplate jdbc;

    CustomerAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public static String normalizedEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    public Optional<CustomerAccount> byEmail(String email) {
        List<CustomerAccount> found = jdbc.query("select * from customer_account where email = ?", ROW,
                normalizedEmail(email));
        return found.stream().findFirst();
    }

    public Optional<CustomerAccount> byCustomer(CustomerId customerId) {
        return jdbc.query("select * from customer_account where customer_id = ?", ROW, customerId.value()).stream()
                .findFirst();
    }

    /** Whether a vendor user signs in with this email (vendor_user): the sign-in form takes one kind per email. */
    boolean usedByVendorUser(String email) {
        return jdbc.queryForObject("select count(*) from vendor_user where email = ?", Integer.class,
                normalizedEmail(email)) > 0;
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when the email has an account already. */
    void insert(CustomerId customerId, String email, String displayName, String passwordHash, Instant at) {
        jdbc.update("""
                insert into customer_account (customer_id, email, display_name, password_hash, created_at_us)
                values (?, ?, ?, ?, ?)""", customerId.value(), normalizedEmail(email), displayName.strip(),
                passwordHash, EpochMicros.of(at));
    }

    /** One more failed sign-in for this email (nothing when it has no account); locks it after a few in a row. */
    void recordFailure(String email, Instant at) {
        byEmail(email).ifPresent(account -> {
            int failures = account.failedSignIns() + 1;
            Instant until = SignInLocks.lockedUntil(failures, at);
            Long lockedUntil = until == null ? null : EpochMicros.of(until);
            jdbc.update("update customer_account set failed_sign_ins = ?, locked_until_us = ? where customer_id = ?",
                    failures, lockedUntil, account.customerId().value());
        });
    }

    void recordSuccess(CustomerId customerId) {
        jdbc.update("""
                update customer_account set failed_sign_ins = 0, locked_until_us = null
                where customer_id = ? and (failed_sign_ins <> 0 or locked_until_us is not null)""",
                customerId.value());
    }
}
