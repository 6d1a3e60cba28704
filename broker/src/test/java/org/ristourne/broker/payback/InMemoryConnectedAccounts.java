package org.ristourne.broker.payback;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** {@link ConnectedAccounts} for saga fixtures: every customer is known to Stripe; none has an account until set. */
public class InMemoryConnectedAccounts implements ConnectedAccounts {

    private final Map<String, ConnectedAccountId> accounts = new ConcurrentHashMap<>();

    @Override
    public Optional<ConnectedAccountId> connectedAccountOf(String customerId) {
        return Optional.ofNullable(accounts.get(customerId));
    }

    @Override
    public boolean setConnectedAccount(String customerId, @Nullable ConnectedAccountId account) {
        if (account == null) {
            accounts.remove(customerId);
        } else {
            accounts.put(customerId, account);
        }
        return true;
    }
}
