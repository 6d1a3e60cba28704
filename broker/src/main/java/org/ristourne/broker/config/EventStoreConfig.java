package org.ristourne.broker.config;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The JPA event store Axon's auto-configuration would build, but polling the database every 100 ms instead of every
 * second when it has nothing new. Axon's builder takes no property for it, and replacing its event store also
 * switches off its storage engine, so both are declared here as Axon declares them. Axon wakes its reader when a
 * unit of work commits, yet a webhook's events are committed later, by the intake's own transaction, and another
 * node's events are never announced at all: both waited for the poll, which put the ledger about a second behind
 * every sale even on an idle broker (docs/performance.md).
 */
@Configuration(proxyBeanMethods = false)
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
public class EventStoreConfig {

    /** @param fetchDelay how long the event store's reader sleeps when it finds no new event */
    @ConfigurationProperties("ristourne.event-store")
    public record EventStoreProperties(@DefaultValue("100ms") Duration fetchDelay) {
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          EntityManagerProvider entityManagerProvider,
                                          TransactionManager transactionManager,
                                          List<SnapshottedStreams> snapshotted) {
        JpaEventStorageEngine.Builder builder = JpaEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager);
        return new SnapshotsReadWhereTaken(builder, List.copyOf(snapshotted));
    }

    /** Reads snapshots only of the streams some aggregate's configuration says may have them. */
    static final class SnapshotsReadWhereTaken extends JpaEventStorageEngine {

        private final List<SnapshottedStreams> snapshotted;

        SnapshotsReadWhereTaken(JpaEventStorageEngine.Builder builder, List<SnapshottedStreams> snapshotted) {
            super(builder);
            this.snapshotted = snapshotted;
        }

        @Override
        protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
            for (SnapshottedStreams streams : snapshotted) {
                if (streams.mayHaveSnapshot(aggregateIdentifier)) {
                    return super.readSnapshotData(aggregateIdentifier);
                }
            }
            return Stream.empty();
        }
    }

    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                  org.axonframework.config.Configuration configuration,
                                  EventStoreProperties properties) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.fetchDelay().toMillis())
                .timeUnit(TimeUnit.MILLISECONDS)
                .build();
    }
}
