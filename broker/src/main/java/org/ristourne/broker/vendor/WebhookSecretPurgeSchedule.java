package org.ristourne.broker.vendor;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes retired webhook secrets every {@code ristourne.webhook-secrets.purge-every} (default 1 h) on every node. The
 * delete is idempotent and cheap, so, as for the delivery log, neither a single runner nor a persistent schedule is
 * needed: a missed run leaves a secret that no longer verifies in the table until the next one.
 */
@Component
class WebhookSecretPurgeSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecretPurgeSchedule.class);

    private final WebhookSecrets secrets;
    private final Duration every;
    private @Nullable ScheduledExecutorService executor;

    WebhookSecretPurgeSchedule(WebhookSecrets secrets, WebhookSecretProperties properties) {
        this.secrets = secrets;
        this.every = properties.purgeEvery();
    }

    @Override
    public synchronized void start() {
        if (every.isZero() || every.isNegative()) {
            log.info("Retired webhook secrets are not purged on a schedule (purge-every {})", every);
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "webhook-secret-purge");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::purge, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void purge() {
        try {
            int deleted = secrets.purgeRetired();
            if (deleted > 0) {
                log.info("Purged {} retired webhook secret(s)", deleted);
            }
        } catch (RuntimeException e) {
            // the next run tries again; until then a retired secret stays stored, though it verifies nothing
            log.warn("Webhook secret purge failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
