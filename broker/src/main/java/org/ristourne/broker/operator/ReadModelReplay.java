package org.ristourne.broker.operator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.ristourne.broker.see.ledger.LedgerReadModels;
import org.ristourne.broker.see.ledger.LedgerReplay;
import org.ristourne.broker.support.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds a read model from the event store, at {@code /actuator/replay/<group>} behind the operator's credentials
 * (GET {@code /actuator/replay} lists the groups). The ledger's read models are a tracking processor: their replay
 * runs in the background ({@link LedgerReplay}). The directory and the catalogue are subscribing processors, updated
 * in the command's own transaction, so they have no token to reset: their rebuild runs in one transaction here,
 * which runs the group's reset handlers, then hands every stored event, in order, to the group's handlers. Until it
 * commits, readers see the tables as they were; a failing handler rolls the whole rebuild back. Commands that change
 * the same tables meanwhile may wait for it or fail, so rebuild on a quiet broker.
 */
@Component
@Endpoint(id = "replay")
public class ReadModelReplay {

    private static final Logger log = LoggerFactory.getLogger(ReadModelReplay.class);

    private final EventProcessingConfiguration processing;
    private final EventStorageEngine events;
    private final TransactionTemplate transactions;
    private final LedgerReplay ledgerReplay;

    ReadModelReplay(EventProcessingConfiguration processing, EventStorageEngine events,
                    TransactionTemplate transactions, LedgerReplay ledgerReplay) {
        this.processing = processing;
        this.events = events;
        this.transactions = transactions;
        this.ledgerReplay = ledgerReplay;
    }

    @ReadOperation
    public Map<String, Object> groups() {
        return Map.of("groups", rebuildable());
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> replay(@Selector String group) {
        if (LedgerReadModels.GROUP.equals(group)) {
            return ledgerReplay.start();
        }
        EventProcessor processor = processing.eventProcessorByProcessingGroup(group).orElse(null);
        if (!(processor instanceof SubscribingEventProcessor subscribing)
                || !subscribing.eventHandlerInvoker().supportsReset()) {
            return new WebEndpointResponse<>(Problems.document(HttpStatus.NOT_FOUND, "not-a-read-model",
                    "no read model " + group + " to rebuild; read models: " + rebuildable()), 404,
                    MediaType.APPLICATION_PROBLEM_JSON);
        }
        return new WebEndpointResponse<>(rebuild(group, handlersOf(subscribing.eventHandlerInvoker())),
                WebEndpointResponse.STATUS_OK);
    }

    private Map<String, Object> rebuild(String group, List<EventMessageHandler> handlers) {
        log.info("Read model {}: rebuild requested", group);
        long started = System.nanoTime();
        AtomicLong read = new AtomicLong();
        AtomicLong handled = new AtomicLong();
        transactions.executeWithoutResult(status -> {
            for (EventMessageHandler handler : handlers) {
                handler.prepareReset(null);
            }
            // Handlers are called directly, so that a failure fails the rebuild whatever the group's error handler.
            try (Stream<? extends TrackedEventMessage<?>> stream = events.readEvents(null, false)) {
                stream.forEach(event -> {
                    read.incrementAndGet();
                    for (EventMessageHandler handler : handlers) {
                        if (handler.canHandle(event)) {
                            handle(handler, event);
                            handled.incrementAndGet();
                        }
                    }
                });
            }
        });
        long millis = (System.nanoTime() - started) / 1_000_000;
        log.info("Read model {}: rebuilt from {} events ({} handled) in {} ms", group, read.get(), handled.get(),
                millis);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("processingGroup", group);
        answer.put("eventsRead", read.get());
        answer.put("eventsHandled", handled.get());
        answer.put("millis", millis);
        return answer;
    }

    private static void handle(EventMessageHandler handler, TrackedEventMessage<?> event) {
        try {
            handler.handle(event);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("rebuild failed at event " + event.getIdentifier(), e);
        }
    }

    private static List<EventMessageHandler> handlersOf(EventHandlerInvoker invoker) {
        List<EventMessageHandler> handlers = new ArrayList<>();
        if (invoker instanceof MultiEventHandlerInvoker multi) {
            multi.delegates().forEach(delegate -> handlers.addAll(handlersOf(delegate)));
        } else if (invoker instanceof SimpleEventHandlerInvoker simple) {
            handlers.addAll(simple.eventHandlers());
        } else {
            throw new IllegalStateException("cannot rebuild through " + invoker.getClass().getName());
        }
        return handlers;
    }

    private Map<String, String> rebuildable() {
        Map<String, String> groups = new TreeMap<>();
        groups.put(LedgerReadModels.GROUP, "tracking: replayed in the background, see /actuator/ledgerreplay");
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof SubscribingEventProcessor subscribing
                    && subscribing.eventHandlerInvoker().supportsReset()) {
                groups.put(name, "subscribing: rebuilt in one transaction");
            }
        });
        return groups;
    }
}
