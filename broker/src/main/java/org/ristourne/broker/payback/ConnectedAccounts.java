package org.ristourne.broker.payback;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which customers have a Stripe Connect account to be paid cash into ({@code billing_customer.connected_account_id}).
 * Set by the operator; how a customer gets a connected account (Connect onboarding) is outside Ristourne for now.
 */
public interface ConnectedAccounts {

    Optional<ConnectedAccountId> connectedAccountOf(String customerId);

    /**
     * Sets (or, with null, removes) the customer's connected account. Payouts already in flight keep the way they
     * chose; later ones follow the new setting.
     *
     * @return false when the customer is not known to Stripe ({@code billing_customer} has no row): nothing changed
     */
    boolean setConnectedAccount(String customerId, @Nullable ConnectedAccountId account);
}
