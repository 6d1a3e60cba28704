package org.ristourne.broker.payback;

import org.ristourne.billing.cash.StripeConnectTransfers;

/** A customer's Stripe Connect account, {@code acct_…}: where their rebates go as cash when Connect payouts are on. */
public record ConnectedAccountId(String value) {

    public ConnectedAccountId {
        if (value == null || !StripeConnectTransfers.isConnectedAccountId(value)) {
            throw new IllegalArgumentException("a Stripe connected account id is acct_ followed by letters or digits,"
                    + " got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
