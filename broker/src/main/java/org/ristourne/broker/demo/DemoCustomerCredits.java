package org.ristourne.broker.demo;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ristourne.billing.api.CreditRebate;
import org.ristourne.billing.api.CreditReceipt;
import org.ristourne.billing.api.CustomerCredits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.stereotype.Component;

/**
 * The demo's stand-in for Stripe's customer balance, so that the payout saga can settle payouts and the statement shows
 * rebates CREDITED. It accepts every credit and moves no money: it is a bean only in demo mode and only when no Stripe
 * key is set, since an application's own {@link CustomerCredits} takes precedence over billing's Stripe adapter
 * (payback's {@code PaybackConfig}) and must never stand in front of a real Stripe account.
 */
@Component
@ConditionalOnBooleanProperty("ristourne.demo.enabled")
@Conditional(DemoCustomerCredits.NoStripeKey.class)
class DemoCustomerCredits implements CustomerCredits {

    private static final Logger log = LoggerFactory.getLogger(DemoCustomerCredits.class);

    private final Map<String, CreditReceipt> receipts = new ConcurrentHashMap<>();
    private final Clock clock;

    DemoCustomerCredits(Clock clock) {
        this.clock = clock;
        log.warn("Demo mode: payouts are credited by the demo's stand-in, not by Stripe; no money moves");
    }

    /** Idempotent by payout id, as billing's Stripe adapter is. */
    @Override
    public CreditReceipt credit(CreditRebate request) {
        return receipts.computeIfAbsent(request.payoutId(), payoutId -> new CreditReceipt(payoutId,
                "demo_txn_" + UUID.randomUUID().toString().replace("-", ""), clock.instant()));
    }

    @Override
    public Optional<CreditReceipt> find(String payoutId, String stripeCustomerId) {
        return Optional.ofNullable(receipts.get(payoutId));
    }

    /** No Stripe secret key, read as billing reads it: a blank one counts as absent. */
    static final class NoStripeKey implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment()).bind("ristourne.stripe.secret-key", String.class)
                    .map(String::isBlank).orElse(true);
        }
    }
}
