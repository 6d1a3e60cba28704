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
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.ristourne.broker.support.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuilds every ledger read model from the event store: the processor stops, its tokens go back to the start, its
 * reset handlers clear the tables, and it reads every event again. Progress is logged every few seconds and exposed
 * at {@code /actuator/ledgerreplay} (GET for the status, POST to start), behind the operator's credentials.
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

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final ScheduledExecutorService progressLog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-replay-progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ScheduledFuture<?> progress;

    LedgerReplay(EventProcessingConfiguration processing, JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    @WriteOperation
    public synchronized WebEndpointResponse<Map<String, Object>> start() {
        StreamingEventProcessor processor = processor();
        log.info("Ledger read models: replay requested; stopping {}", LedgerReadModels.GROUP);
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (UnableToClaimTokenException claimedElsewhere) {
            Map<String, List<Integer>> heldBy = segmentsHeldByOtherNodes();
            log.warn("Ledger read models: replay refused, other nodes hold segments of {}: {} ({})",
                    LedgerReadModels.GROUP, heldBy, claimedElsewhere.getMessage());
            return refusal(heldBy);
        } finally {
            processor.start();
        }
        if (progress != null) {
            progress.cancel(false);
        }
        long started = System.nanoTime();
        progress = progressLog.scheduleAtFixedRate(() -> logProgress(started), 2, 5, TimeUnit.SECONDS);
        return new WebEndpointResponse<>(status(), WebEndpointResponse.STATUS_OK);
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

    @ReadOperation
    public Map<String, Object> status() {
        Map<Integer, EventTrackerStatus> segments = processor().processingStatus();
        long head = head();
        long position = segments.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(current -> current.orElse(-1L)).min().orElse(-1L);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("processingGroup", LedgerReadModels.GROUP);
        status.put("replaying", isReplaying());
        status.put("caughtUp", isCaughtUp());
        status.put("segments", segments.size());
        status.put("position", position);
        status.put("head", head);
        status.put("percent", head <= 0 ? 100 : Math.min(100, Math.max(0, position) * 100 / head));
        return status;
    }

    public boolean isReplaying() {
        return processor().processingStatus().values().stream().anyMatch(EventTrackerStatus::isReplaying);
    }

    /**
     * Caught up: every segment has read up to the newest event in the store. Axon keeps calling a segment
     * "replaying" until it reads an event newer than the reset point, so the flag alone cannot say a replay is over.
     */
    public boolean isCaughtUp() {
        Map<Integer, EventTrackerStatus> segments = processor().processingStatus();
        long head = head();
        return !segments.isEmpty() && segments.values().stream()
                .allMatch(status -> !status.isErrorState() && status.getCurrentPosition().orElse(-1L) >= head);
    }

    private void logProgress(long started) {
        try {
            Map<String, Object> status = status();
            if (!Boolean.TRUE.equals(status.get("caughtUp"))) {
                log.info("Ledger read models: replaying, position {} of {} ({}%)", status.get("position"),
                        status.get("head"), status.get("percent"));
            } else {
                log.info("Ledger read models: replay finished in {} ms at position {}",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), status.get("position"));
                progress.cancel(false);
            }
        } catch (RuntimeException e) {
            log.warn("Ledger read models: cannot read replay progress: {}", e.getMessage());
        }
    }

    private long head() {
        Long max = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? -1 : max;
    }

    private StreamingEventProcessor processor() {
        return processing.eventProcessor(LedgerReadModels.GROUP, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor " + LedgerReadModels.GROUP));
    }
}
