package org.ristourne.broker.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param threads         deadlines handled at once on this node
 * @param pollingInterval how often a node looks for due deadlines; the worst-case delay of a confirmation
 * @param retryDelay      how long after a first failure a deadline is tried again; doubled after each further one
 * @param maxRetryDelay   the longest wait between two attempts of a failing deadline
 */
@ConfigurationProperties("ristourne.deadlines")
public record DeadlineSchedulerProperties(
        @DefaultValue("2") int threads,
        @DefaultValue("5s") Duration pollingInterval,
        @DefaultValue("1s") Duration retryDelay,
        @DefaultValue("5m") Duration maxRetryDelay) {
}
