package org.ristourne.broker.payback.vendorinvoice;

import java.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Runs {@link VendorInvoicingRun#issueAll()} on {@code ristourne.payback.vendor-invoicing.schedule}. Every node runs
 * it: the invoice id derives from the vendor and the period, so a second node's run records nothing. {@code -} turns
 * it off.
 */
@Component
class VendorInvoicingSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VendorInvoicingSchedule.class);

    private final VendorInvoicingRun run;
    private final VendorInvoicingProperties properties;
    private @Nullable ThreadPoolTaskScheduler scheduler;
    private @Nullable ScheduledFuture<?> scheduled;

    VendorInvoicingSchedule(VendorInvoicingRun run, VendorInvoicingProperties properties) {
        this.run = run;
        this.properties = properties;
        if (!"-".equals(properties.schedule()) && !CronExpression.isValidExpression(properties.schedule())) {
            throw new IllegalArgumentException("ristourne.payback.vendor-invoicing.schedule is not a Spring cron"
                    + " expression (six fields) nor '-': '" + properties.schedule() + "'");
        }
    }

    @Override
    public synchronized void start() {
        if ("-".equals(properties.schedule())) {
            log.info("Vendor invoicing is not scheduled (schedule '-'): vendors are invoiced by the operator only");
            return;
        }
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("vendor-invoicing-");
        scheduler.initialize();
        scheduled = scheduler.schedule(run::issueAll, new CronTrigger(properties.schedule(), properties.zone()));
        log.info("Vendors are invoiced on '{}' ({}), payment due {} after issue", properties.schedule(),
                properties.zone(), properties.paymentTerms());
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
