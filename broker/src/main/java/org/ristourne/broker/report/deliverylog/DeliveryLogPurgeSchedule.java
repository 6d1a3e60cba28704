package org.ristourne.broker.report.deliverylog;

import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Purges the delivery log every {@code ristourne.delivery-log.purge-every} on every node, with Spring's task
 * scheduler as {@code VendorInvoicingSchedule} does, rather than as a db-scheduler recurring task: the purge is
 * idempotent and cheap, so it needs neither a single runner nor to survive a restart (a missed run only lets the log
 * be briefly over its bound), and db-scheduler's recurring tasks would have to be registered in the deadline
 * scheduler's own configuration.
 */
@Component
class DeliveryLogPurgeSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLogPurgeSchedule.class);

    private final VendorDeliveryLog deliveries;
    private final DeliveryLogProperties properties;
    private @Nullable ThreadPoolTaskScheduler scheduler;
    private @Nullable ScheduledFuture<?> scheduled;

    DeliveryLogPurgeSchedule(VendorDeliveryLog deliveries, DeliveryLogProperties properties) {
        this.deliveries = deliveries;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (properties.purgeEvery().isZero() || properties.purgeEvery().isNegative()) {
            log.info("The delivery log is not purged on a schedule (purge-every {})", properties.purgeEvery());
            return;
        }
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("delivery-log-purge-");
        scheduler.initialize();
        scheduled = scheduler.scheduleWithFixedDelay(this::purge, properties.purgeEvery());
    }

    private void purge() {
        try {
            int deleted = deliveries.purge();
            log.debug("Delivery log purged: {} rows", deleted);
        } catch (RuntimeException e) {
            // the next run tries again; until then the log is only somewhat over its bound
            log.warn("Delivery log purge failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduled != null;
    }
}
