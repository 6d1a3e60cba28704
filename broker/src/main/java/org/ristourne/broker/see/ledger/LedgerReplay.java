package org.ristourne.broker.see.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.support.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every ledger read model from the event store: the processor stops, its tokens go back to the start and
 * its reset handlers clear the tables; then one thread reads every event stored up to that moment once and hands the
 * group's events to its handlers in large batches ({@link SingleReadReplay}), and the processor starts again right
 * after them. Letting the processor re-read the store instead cost each of its segment threads the whole stream,
 * each deserializing every ledger event only to learn that another segment handles it (docs/performance.md).
 * Progress is logged every few seconds and exposed at {@code /actuator/ledgerreplay} (GET for the status, POST to
 * start), behind the operator's credentials.
 * <p>
 * A reset needs every segment's token, and Axon cannot take one that another node claims (a claim lapses 10 s after
 * that node stops renewing it). While another node runs the processor, the replay is refused with 409 naming the
 * nodes and their segments: stop their processors or the nodes, and replay from one node; the others follow the
 * replayed tokens when they start again. Whatever happens, this node's processor is started again.
 */
@Component
@Endpoint(id = "ledgerreplay")
public class LedgerReplay {

    private static final Logger log = LoggerFactory.getLogger(LedgerReplay.class);

    /** @param batchSize events handled per transaction during a replay */
    @ConfigurationProperties("ristourne.ledger-replay")
    public record LedgerReplayProperties(@DefaultValue("1000") int batchSize) {
    }

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final TransactionManager transactions;
    private final Configuration axon;
    private final LedgerReplayProperties properties;
    private final ScheduledExecutorService progressLog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-replay-progress");
        thread.setDaemon(true);
        return thread;
    });
    private @Nullable Thread current;
    private volatile @Nullable SingleReadReplay replaying;

    LedgerReplay(EventProcessingConfiguration processing, JdbcTemplate jdbc, TransactionManager transactions,
                 Configuration axon, LedgerReplayProperties properties) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.axon = axon;
        this.properties = properties;
    }

    @WriteOperation
    public synchronized WebEndpointResponse<Map<String, Object>> start() {
        if (current != null && current.isAlive()) {
            return new WebEndpointResponse<>(Problems.document(HttpStatus.CONFLICT, "replay-in-progress",
                    "A replay of " + LedgerReadModels.GROUP + " is running; follow it at GET /actuator/ledgerreplay."),
                    409, MediaType.APPLICATION_PROBLEM_JSON);
        }
        TrackingEventProcessor processor = processor();
        log.info("Ledger read models: replay requested; stopping {}", LedgerReadModels.GROUP);
        processor.shutDown();
        long head;
        try {
            head = head();
            processor.resetTokens();
        } catch (UnableToClaimTokenException claimedElsewhere) {
            processor.start();
            Map<String, List<Integer>> heldBy = segmentsHeldByOtherNodes();
            log.warn("Ledger read models: replay refused, other nodes hold segments of {}: {} ({})",
                    LedgerReadModels.GROUP, heldBy, claimedElsewhere.getMessage());
            return refusal(heldBy);
        } catch (RuntimeException | Error failure) {
            processor.start();
            throw failure;
        }
        // The reset claimed every segment for this node: no other node handles them while the processor is stopped.
        SingleReadReplay replay = new SingleReadReplay(processor, processing.tokenStore(LedgerReadModels.GROUP),
                transactions, jdbc, axon.eventSerializer(), axon.upcasterChain(), properties.batchSize(), head);
        Thread thread = new Thread(() -> run(replay, processor), "ledger-replay");
        thread.setDaemon(true);
        // Set before the thread starts: a replay of a small store may be over before start() returns.
        replaying = replay;
        try {
            thread.start();
        } catch (RuntimeException | Error failure) {
            replaying = null;
            processor.start();
            throw failure;
        }
        current = thread;
        return new WebEndpointResponse<>(status(), WebEndpointResponse.STATUS_OK);
    }

    private void run(SingleReadReplay replay, TrackingEventProcessor processor) {
        long started = System.nanoTime();
        ScheduledFuture<?> progress = progressLog.scheduleAtFixedRate(() -> log.info(
                "Ledger read models: replaying, position {} of {}", replay.position(), replay.head()), 5, 5,
                TimeUnit.SECONDS);
        try {
            replay.run();
            log.info("Ledger read models: replayed {} events up to position {} in {} ms ({} handled); the processor"
                    + " goes on from there", replay.position() < 0 ? 0 : replay.position(), replay.head(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), replay.handled());
        } catch (Exception | Error failure) {
            log.error("Ledger read models: replay stopped at position {}; the processor goes on from there", 
                    replay.position(), failure);
        } finally {
            progress.cancel(false);
            replaying = null;
            processor.start();
        }
    }

    /** After this node's shutdown released its own claims, every claim left belongs to another node. */
    private Map<String, List<Integer>> segmentsHeldByOtherNodes() {
        Map<String, List<Integer>> heldBy = new TreeMap<>();
        jdbc.query("select owner, segment from token_entry where processor_name = ? and owner is not null"
                + " order by segment", rs -> {
            heldBy.computeIfAbsent(rs.getString("owner"), owner -> new ArrayList<>()).add(rs.getInt("segment"));
        }, LedgerReadModels.GROUP);
        return heldBy;
    }

    private static WebEndpointResponse<Map<String, Object>> refusal(Map<String, List<Integer>> heldBy) {
        Map<String, Object> problem = Problems.document(HttpStatus.CONFLICT, "replay-segments-held-elsewhere",
                "Cannot replay " + LedgerReadModels.GROUP + ": other nodes hold segments of it " + heldBy
                        + ". Stop the processor on those nodes (or the nodes) and replay again; a stopped node's"
                        + " claim lapses after 10 s. This node's processor runs as before.");
        problem.put("processingGroup", LedgerReadModels.GROUP);
        problem.put("heldBy", heldBy);
        return new WebEndpointResponse<>(problem, 409, MediaType.APPLICATION_PROBLEM_JSON);
    }

    /**
     * While the single read runs, the processor is stopped: the position is the replay's. Afterwards it is the lowest
     * position of the processor's segments, which go on from where the replay stopped.
     */
    @ReadOperation
    public Map<String, Object> status() {
        SingleReadReplay replay = replaying;
        Map<Integer, EventTrackerStatus> segments = processor().processingStatus();
        long head = head();
        long position = replay != null ? replay.position() : segments.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(current -> current.orElse(-1L)).min().orElse(-1L);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("processingGroup", LedgerReadModels.GROUP);
        status.put("replaying", replay != null || isReplaying(segments));
        status.put("caughtUp", replay == null && isCaughtUp(segments, head));
        status.put("segments", replay != null ? processing.tokenStore(LedgerReadModels.GROUP)
                .fetchSegments(LedgerReadModels.GROUP).length : segments.size());
        status.put("position", position);
        status.put("head", head);
        status.put("percent", head <= 0 ? 100 : Math.min(100, Math.max(0, position) * 100 / head));
        return status;
    }

    public boolean isReplaying() {
        return replaying != null || isReplaying(processor().processingStatus());
    }

    private static boolean isReplaying(Map<Integer, EventTrackerStatus> segments) {
        return segments.values().stream().anyMatch(EventTrackerStatus::isReplaying);
    }

    /**
     * Caught up: the replay is over and every segment has read up to the newest event in the store. Axon calls a
     * segment "replaying" until it reads an event newer than its reset point, so that flag cannot say it either.
     */
    public boolean isCaughtUp() {
        return replaying == null && isCaughtUp(processor().processingStatus(), head());
    }

    private static boolean isCaughtUp(Map<Integer, EventTrackerStatus> segments, long head) {
        return !segments.isEmpty() && segments.values().stream()
                .allMatch(status -> !status.isErrorState() && status.getCurrentPosition().orElse(-1L) >= head);
    }

    private long head() {
        Long max = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? -1 : max;
    }

    private TrackingEventProcessor processor() {
        return processing.eventProcessor(LedgerReadModels.GROUP, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no tracking processor " + LedgerReadModels.GROUP));
    }
}
