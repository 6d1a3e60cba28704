package org.ristourne.broker.report.deliverylog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keepPerVendor  the newest deliveries kept per vendor; older ones go at the next purge
 * @param keepFor        no delivery is kept longer than this
 * @param purgeEvery     how often each node purges ({@code 0} turns the schedule off; tests purge by hand)
 */
@ConfigurationProperties("ristourne.delivery-log")
public record DeliveryLogProperties(
        @DefaultValue("1000") int keepPerVendor,
        @DefaultValue("30d") Duration keepFor,
        @DefaultValue("1h") Duration purgeEvery) {
}
