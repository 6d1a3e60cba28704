package org.ristourne.broker.see.operations.attention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where each event processor stands, read from {@code token_entry}, which every node shares: so one node shows the
 * segments the others hold too, with their owners. Reading the rows, never the token store, which would claim them.
 */
@Component
class ProcessorPositions {

    /** A processor further behind than this needs a human. */
    static final Duration BEHIND = Duration.ofMinutes(1);

    public enum Mode {
        TRACKING, POOLED, SUBSCRIBING, OTHER
    }

    /**
     * One segment: {@code position} is the global index of the last event handled (null before the first), {@code
     * lagEvents} the events stored since, {@code behind} how long the oldest of them has waited (zero when none).
     */
    public record Segment(int segment, @Nullable String owner, @Nullable Long position, long lagEvents, Duration behind,
                   boolean replaying) {
    }

    /** A subscribing processor has no segment: it handles each event in the transaction that stores it. */
    public record Processor(String name, Mode mode, boolean runningHere, List<Segment> segments) {

        public long lagEvents() {
            return segments.stream().mapToLong(Segment::lagEvents).max().orElse(0);
        }

        public Duration behind() {
            return segments.stream().map(Segment::behind).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        }

        public boolean needsAttention() {
            return behind().compareTo(BEHIND) > 0;
        }
    }

    /** {@code head} is the global index of the newest stored event, null when none is. */
    public record Positions(@Nullable Long head, @Nullable Instant headAt, List<Processor> processors) {

        public List<Processor> behind() {
            return processors.stream().filter(Processor::needsAttention).toList();
        }
    }

    private record TokenRow(String processor, int segment, @Nullable String owner, @Nullable String type,
                            byte @Nullable [] token) {
    }

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Clock clock;

    ProcessorPositions(EventProcessingConfiguration processing, JdbcTemplate jdbc, Serializer serializer,
                       Clock clock) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.clock = clock;
    }

    Positions read() {
        Instant now = clock.instant();
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        Instant headAt = head == null ? null : timeOf(head);
        Map<String, List<TokenRow>> tokens = new LinkedHashMap<>();
        jdbc.query("select processor_name, segment, owner, token_type, token from token_entry"
                + " order by processor_name, segment", rs -> {
            TokenRow row = new TokenRow(rs.getString("processor_name"), rs.getInt("segment"), rs.getString("owner"),
                    rs.getString("token_type"), rs.getBytes("token"));
            tokens.computeIfAbsent(row.processor(), name -> new ArrayList<>()).add(row);
        });
        Map<String, EventProcessor> local = processing.eventProcessors();
        TreeSet<String> names = new TreeSet<>(local.keySet());
        names.addAll(tokens.keySet());
        List<Processor> processors = new ArrayList<>();
        for (String name : names) {
            EventProcessor here = local.get(name);
            List<Segment> segments = tokens.getOrDefault(name, List.of()).stream()
                    .map(row -> segment(row, head, now)).toList();
            processors.add(new Processor(name, mode(here), here != null && here.isRunning(), segments));
        }
        return new Positions(head, headAt, processors);
    }

    private Segment segment(TokenRow row, @Nullable Long head, Instant now) {
        TrackingToken token = token(row);
        Long position = null;
        if (token != null) {
            TrackingToken lower = WrappedToken.unwrapLowerBound(token);
            position = lower == null || lower.position().isEmpty() ? null : lower.position().getAsLong();
        }
        long lag = 0;
        Duration behind = Duration.ZERO;
        long from = position == null ? -1 : position;
        if (head != null && head > from) {
            Long waiting = jdbc.queryForObject("select count(*) from domain_event_entry where global_index > ?",
                    Long.class, from);
            lag = waiting == null ? 0 : waiting;
            Long oldest = jdbc.queryForObject("select min(global_index) from domain_event_entry where global_index > ?",
                    Long.class, from);
            Instant since = oldest == null ? null : timeOf(oldest);
            if (since != null && since.isBefore(now)) {
                behind = Duration.between(since, now);
            }
        }
        return new Segment(row.segment(), row.owner(), position, lag, behind, ReplayToken.isReplay(token));
    }

    private @Nullable TrackingToken token(TokenRow row) {
        if (row.token() == null || row.type() == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(row.token(), byte[].class, row.type(), null));
    }

    private @Nullable Instant timeOf(long globalIndex) {
        List<String> stamps = jdbc.queryForList("select time_stamp from domain_event_entry where global_index = ?",
                String.class, globalIndex);
        return stamps.stream().findFirst().map(Instant::parse).orElse(null);
    }

    private static Mode mode(@Nullable EventProcessor processor) {
        if (processor instanceof TrackingEventProcessor) {
            return Mode.TRACKING;
        }
        if (processor instanceof PooledStreamingEventProcessor) {
            return Mode.POOLED;
        }
        if (processor instanceof SubscribingEventProcessor) {
            return Mode.SUBSCRIBING;
        }
        return Mode.OTHER;
    }
}
