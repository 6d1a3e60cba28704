package org.ristourne.broker.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param threads         deadlines handled at once on this node
 * @param pollingInterval how often a node looks for due deadlines; the worst-case delay of a confirmation
 */
@ConfigurationProperties("ristourne.deadlines")
public record DeadlineSchedulerProperties(
        @DefaultValue("2") int threads,
        @DefaultValue("5s") Duration pollingInterval) {
}
