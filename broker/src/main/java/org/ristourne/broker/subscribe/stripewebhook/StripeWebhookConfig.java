package org.ristourne.broker.subscribe.stripewebhook;

import java.time.Clock;
import org.ristourne.billing.stripe.StripeSettings;
import org.ristourne.billing.webhook.StripeWebhookVerifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Billing's verifier of Stripe webhook requests, only when a webhook signing secret is configured. Without one there
 * is no verifier and the endpoint answers 503 "stripe-not-configured": it cannot tell Stripe's requests from anyone's.
 */
@Configuration(proxyBeanMethods = false)
class StripeWebhookConfig {

    @Bean
    @Conditional(SigningSecretConfigured.class)
    StripeWebhookVerifier stripeWebhookVerifier(StripeSettings settings, Clock clock) {
        return new StripeWebhookVerifier(settings, clock);
    }

    /** The property is always present (application.yml maps it from the environment), often empty: empty is none. */
    static final class SigningSecretConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("ristourne.stripe.webhook-signing-secret"));
        }
    }
}
