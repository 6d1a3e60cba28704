package org.ristourne.broker.operator.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.subscribe.account.SignInLocks;
import org.ristourne.broker.support.EpochMicros;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The operator_account table. */
@Repository
public class OperatorAccounts {

    private static final RowMapper<OperatorAccount> ROW = (rs, row) -> {
        long lockedUntil = rs.getLong("locked_until_us");
        Instant locked = rs.wasNull() ? null : EpochMicros.toInstant(lockedUntil);
        return new OperatorAccount(rs.getString("name"), rs.getString("password_hash"),
                EpochMicros.toInstant(rs.getLong("created_at_us")), rs.getString("created_by"),
                rs.getBoolean("disabled"), rs.getInt("failed_sign_ins"), locked);
    };

    private final JdbcTemplate jdbc;

    OperatorAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<OperatorAccount> byName(String name) {
        return jdbc.query("select * from operator_account where name = ?", ROW, name).stream().findFirst();
    }

    public List<OperatorAccount> all() {
        return jdbc.query("select * from operator_account order by name", ROW);
    }

    public boolean any() {
        return jdbc.queryForObject("select count(*) from operator_account", Integer.class) > 0;
    }

    public int enabled() {
        return jdbc.queryForObject("select count(*) from operator_account where disabled = false", Integer.class);
    }

    /** Throws {@link org.springframework.dao.DuplicateKeyException} when the name is taken. */
    public void insert(String name, String passwordHash, Instant at, @Nullable String createdBy) {
        jdbc.update("""
                insert into operator_account (name, password_hash, created_at_us, created_by)
                values (?, ?, ?, ?)""", name, passwordHash, EpochMicros.of(at), createdBy);
    }

    /** Whether the account existed and was enabled. */
    public boolean disable(String name) {
        return jdbc.update("update operator_account set disabled = true where name = ? and disabled = false",
                name) == 1;
    }

    void recordFailure(String name, Instant at) {
        byName(name).ifPresent(account -> {
            int failures = account.failedSignIns() + 1;
            Instant until = SignInLocks.lockedUntil(failures, at);
            jdbc.update("update operator_account set failed_sign_ins = ?, locked_until_us = ? where name = ?",
                    failures, until == null ? null : EpochMicros.of(until), name);
        });
    }

    void recordSuccess(String name) {
        jdbc.update("update operator_account set failed_sign_ins = 0, locked_until_us = null where name = ?", name);
    }
}
