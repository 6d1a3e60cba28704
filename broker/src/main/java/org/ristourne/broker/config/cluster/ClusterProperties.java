package org.ristourne.broker.config.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How broker nodes sharing one database find each other to share the event processors' segments.
 *
 * @param heartbeatInterval how often a node says it is alive and rebalances its segments
 * @param nodeTimeout       silence after which a node counts as gone; keep it below Axon's token claim timeout
 *                          (10 s), or a survivor would give back the segments it just took over from a dead node
 */
@ConfigurationProperties("ristourne.cluster")
public record ClusterProperties(
        @DefaultValue("2s") Duration heartbeatInterval,
        @DefaultValue("6s") Duration nodeTimeout) {

    public ClusterProperties {
        if (nodeTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("ristourne.cluster.node-timeout (" + nodeTimeout
                    + ") must be at least twice ristourne.cluster.heartbeat-interval (" + heartbeatInterval + ")");
        }
    }
}
