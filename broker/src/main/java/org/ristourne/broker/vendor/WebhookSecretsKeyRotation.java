package org.ristourne.broker.vendor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At every start, rewrites the webhook secrets still under an older key under the current one: the second step of a
 * key rotation (docs/secrets.md) is a restart. Usually nothing is left to rewrite, and it costs one small query.
 */
@Component
class WebhookSecretsKeyRotation implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecretsKeyRotation.class);

    private final WebhookSecrets secrets;

    WebhookSecretsKeyRotation(WebhookSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public void run(ApplicationArguments args) {
        int rewritten = secrets.rewriteUnderCurrentKey();
        if (rewritten > 0) {
            log.info("{} webhook secret(s) rewritten under the current key: older keys that no other node still"
                    + " writes with can now be removed", rewritten);
        }
    }
}
