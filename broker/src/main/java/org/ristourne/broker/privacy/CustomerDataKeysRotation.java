package org.ristourne.broker.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At every start, rewrites the customers' data keys still under an older secrets key under the current one, so that
 * the older key can be removed after a restart (docs/secrets.md), as webhook secrets are.
 */
@Component
record CustomerDataKeysRotation(CustomerDataKeys keys) implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CustomerDataKeysRotation.class);

    @Override
    public void run(ApplicationArguments args) {
        int rewritten = keys.rewriteUnderCurrentKey();
        if (rewritten > 0) {
            log.info("{} customer data key(s) rewritten under the current secrets key", rewritten);
        }
    }
}
