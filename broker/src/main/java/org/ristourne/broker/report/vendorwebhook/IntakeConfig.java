package org.ristourne.broker.report.vendorwebhook;

import org.ristourne.broker.support.FailedAttemptThrottle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IntakeConfig {

    /**
     * One throttle for both webhooks, the vendors' and Stripe's: a source that fails on one is slowed on both, and
     * web.WebSecurity checks it before either is reached.
     */
    @Bean
    FailedAttemptThrottle webhookFailedAttempts(IntakeProperties properties) {
        IntakeProperties.FailedAttempts failed = properties.failedAttempts();
        return new FailedAttemptThrottle(failed.burst(), failed.perMinute(), failed.maxSources(), System::nanoTime);
    }
}
