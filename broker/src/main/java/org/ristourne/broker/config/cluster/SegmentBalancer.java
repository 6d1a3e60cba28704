package org.ristourne.broker.config.cluster;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.ristourne.broker.support.EpochMicros;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Shares the streaming processors' segments between the broker nodes that use one database. Axon's JPA token store
 * lets the first node claim every segment and never rebalances (that is Axon Server's job, which Ristourne does not
 * use), so each node records a heartbeat in {@code broker_node} and gives back the segments it holds above its fair
 * share; another node's processor claims them. A node that dies stops its heartbeat, and the survivors claim its
 * segments once its token claims time out.
 */
@Component
public class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    /** The owner name Axon's token store writes into {@code token_entry} on this node. */
    private static final String NODE_ID = ManagementFactory.getRuntimeMXBean().getName();

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ClusterProperties properties;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "segment-balancer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    SegmentBalancer(EventProcessingConfiguration processing, JdbcTemplate jdbc, Clock clock,
                    ClusterProperties properties) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Starts beating once the processors run, so a node does not count as live before it can take segments. */
    @EventListener(ApplicationReadyEvent.class)
    void beginHeartbeat() {
        long every = properties.heartbeatInterval().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beatAndBalance, 0, every, TimeUnit.MILLISECONDS);
        log.info("Cluster: node {} beating every {} ms; a node silent for {} ms counts as gone", NODE_ID, every,
                properties.nodeTimeout().toMillis());
    }

    void beatAndBalance() {
        try {
            beat();
            int liveNodes = liveNodes();
            for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
                if (entry.getValue() instanceof StreamingEventProcessor processor && processor.isRunning()) {
                    balance(entry.getKey(), processor, liveNodes);
                }
            }
        } catch (RuntimeException e) {
            // A missed beat only delays rebalancing; the next one retries.
            log.warn("Cluster: heartbeat or rebalancing failed on node {}: {}", NODE_ID, e.toString());
        }
    }

    private void beat() {
        long now = EpochMicros.of(clock.instant());
        int updated = jdbc.update("update broker_node set heartbeat_at_us = ? where node_id = ?", now, NODE_ID);
        if (updated == 0) {
            jdbc.update("insert into broker_node (node_id, started_at_us, heartbeat_at_us) values (?, ?, ?)",
                    NODE_ID, now, now);
        }
        // Each restart is a new node id; forget the ones long gone.
        jdbc.update("delete from broker_node where heartbeat_at_us < ?",
                now - TimeUnit.DAYS.toMicros(1));
    }

    private int liveNodes() {
        long since = EpochMicros.of(clock.instant().minus(properties.nodeTimeout()));
        Integer live = jdbc.queryForObject("select count(*) from broker_node where heartbeat_at_us >= ?",
                Integer.class, since);
        return live == null ? 1 : Math.max(1, live);
    }

    private void balance(String name, StreamingEventProcessor processor, int liveNodes) {
        Integer total = jdbc.queryForObject("select count(*) from token_entry where processor_name = ?",
                Integer.class, name);
        if (total == null || total == 0) {
            return;
        }
        TreeSet<Integer> held = new TreeSet<>(processor.processingStatus().keySet());
        List<Integer> release = FairShare.toRelease(held, total, liveNodes);
        if (!release.isEmpty()) {
            log.info("Cluster: {} holds {} of {} segments of {} with {} live nodes; releasing {}", NODE_ID,
                    held.size(), total, name, liveNodes, release);
            // Long enough for another node's processor to claim them (it looks every 5 s by default).
            long keepAway = properties.heartbeatInterval().multipliedBy(5).toMillis();
            release.forEach(segment -> processor.releaseSegment(segment, keepAway, TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void stop() {
        running = false;
        heartbeat.shutdownNow();
        try {
            // Leaving cleanly: the others need not wait for the timeout to count one node less.
            jdbc.update("delete from broker_node where node_id = ?", NODE_ID);
        } catch (RuntimeException e) {
            log.warn("Cluster: could not unregister node {}: {}", NODE_ID, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
