package org.ristourne.broker.vendor.users;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.subscribe.account.CustomerAccounts;
import org.ristourne.broker.subscribe.account.SignInLocks;
import org.ristourne.broker.support.EpochMicros;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The vendor_user table; emails stored as customers' are (trimmed, lower-cased), one account per email. */
@Repository
public class VendorUsers {

    private static final RowMapper<VendorUser> ROW = (rs, row) -> {
        long lockedUntil = rs.getLong("locked_until_us");
        return new VendorUser(rs.getString("user_id"), new VendorId(rs.getString("vendor_id")), rs.getString("email"),
                rs.getString("display_name"), rs.getString("password_hash"), rs.getInt("failed_sign_ins"),
                rs.wasNull() ? null : EpochMicros.toInstant(lockedUntil));
    };

    private final JdbcTemplate jdbc;

    VendorUsers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<VendorUser> byEmail(String email) {
        return jdbc.query("select * from vendor_user where email = ?", ROW, CustomerAccounts.normalizedEmail(email))
                .stream().findFirst();
    }

    public Optional<VendorUser> byId(String userId) {
        return jdbc.query("select * from vendor_user where user_id = ?", ROW, userId).stream().findFirst();
    }

    public List<VendorUser> ofVendor(VendorId vendorId) {
        return jdbc.query("select * from vendor_user where vendor_id = ? order by email", ROW, vendorId.value());
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when the email has a vendor user already. */
    public void insert(String userId, VendorId vendorId, String email, String displayName, String passwordHash,
                       Instant at) {
        jdbc.update("""
                insert into vendor_user (user_id, vendor_id, email, display_name, password_hash, created_at_us)
                values (?, ?, ?, ?, ?, ?)""", userId, vendorId.value(), CustomerAccounts.normalizedEmail(email),
                displayName.strip(), passwordHash, EpochMicros.of(at));
    }

    public void changePassword(String userId, String passwordHash) {
        jdbc.update("update vendor_user set password_hash = ? where user_id = ?", passwordHash, userId);
    }

    public boolean emailInUse(String email) {
        return jdbc.queryForObject("select count(*) from vendor_user where email = ?", Integer.class,
                CustomerAccounts.normalizedEmail(email)) > 0;
    }

    void recordFailure(String email, Instant at) {
        byEmail(email).ifPresent(user -> {
            int failures = user.failedSignIns() + 1;
            Instant until = SignInLocks.lockedUntil(failures, at);
            jdbc.update("update vendor_user set failed_sign_ins = ?, locked_until_us = ? where user_id = ?",
                    failures, until == null ? null : EpochMicros.of(until), user.userId());
        });
    }

    void recordSuccess(String userId) {
        jdbc.update("""
                update vendor_user set failed_sign_ins = 0, locked_until_us = null
                where user_id = ? and (failed_sign_ins <> 0 or locked_until_us is not null)""", userId);
    }
}
