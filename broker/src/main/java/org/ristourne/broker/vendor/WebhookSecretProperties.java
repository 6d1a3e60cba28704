package org.ristourne.broker.vendor;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param purgeEvery how often each node deletes the secrets whose overlap has ended ({@code 0} turns it off) */
@ConfigurationProperties("ristourne.webhook-secrets")
public record WebhookSecretProperties(@DefaultValue("1h") Duration purgeEvery) {
}
