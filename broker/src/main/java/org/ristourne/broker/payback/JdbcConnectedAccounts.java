package org.ristourne.broker.payback;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link ConnectedAccounts} in {@code billing_customer.connected_account_id} (V13). */
@Component
class JdbcConnectedAccounts implements ConnectedAccounts {

    private final JdbcTemplate jdbc;

    JdbcConnectedAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ConnectedAccountId> connectedAccountOf(String customerId) {
        return jdbc.queryForList("select connected_account_id from billing_customer where customer_id = ?",
                        String.class, customerId).stream()
                .filter(value -> value != null).findFirst().map(ConnectedAccountId::new);
    }

    @Override
    public boolean setConnectedAccount(String customerId, @Nullable ConnectedAccountId account) {
        return jdbc.update("update billing_customer set connected_account_id = ? where customer_id = ?",
                account == null ? null : account.value(), customerId) == 1;
    }
}
