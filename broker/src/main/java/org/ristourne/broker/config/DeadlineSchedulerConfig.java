package org.ristourne.broker.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * Axon deadlines (a sale's hold ending) must survive restarts and fire on exactly one node, so they live in the
 * database through db-scheduler rather than in memory. Axon's own auto-configuration supplies the deadline manager
 * and its task once a {@link Scheduler} bean exists; this class provides that scheduler.
 */
@Configuration(proxyBeanMethods = false)
public class DeadlineSchedulerConfig {

    /**
     * Through a transaction-aware proxy, a deadline scheduled by a command is written in the command's transaction:
     * if the command rolls back, so does its deadline. Outside one (the poller), db-scheduler relies on autocommit,
     * which the pool's connections no longer have: {@link AutoCommitOutsideTransactions} gives it back.
     */
    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks, DeadlineSchedulerProperties properties) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(
                new AutoCommitOutsideTransactions(dataSource)), tasks)
                .threads(properties.threads())
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(Duration.ofSeconds(30))
                .alwaysPersistTimestampInUTC()
                .enableImmediateExecution()
                .build();
    }

    /**
     * Axon's deadline task, but retried within seconds when it fails. Its default failure handler (db-scheduler's
     * {@code OnFailureRetryLater}) tries a failed deadline again only five minutes later, and the likeliest failure
     * is transient: a hold deadline appending {@code SaleConfirmed} while a refund of the same sale appends too
     * loses on the (aggregate id, sequence) key ({@code ConcurrencyException}), Axon's deadline manager rethrows it
     * as a {@code DeadlineException}, and db-scheduler keeps the deadline and hands it to this handler. The next
     * attempt reloads the sale with the refund, so the deadline is never lost, and now not late either. Replaces the
     * bean of Axon's auto-configuration through its qualifier.
     */
    @Bean
    @Qualifier("deadlineDetailsTask")
    Task<DbSchedulerBinaryDeadlineDetails> deadlineDetailsTask(ApplicationContext context,
                                                               DeadlineSchedulerProperties properties) {
        Task<DbSchedulerBinaryDeadlineDetails> axonTask = DbSchedulerDeadlineManager.binaryTask(
                () -> context.getBean(DbSchedulerDeadlineManager.class));
        return Tasks.oneTime(axonTask.getName(), DbSchedulerBinaryDeadlineDetails.class)
                .onFailure(new RetrySoon<>(properties.retryDelay(), properties.maxRetryDelay()))
                .execute((instance, execution) -> axonTask.execute(instance, execution));
    }

    /** Doubles the delay after each consecutive failure, from {@code first} up to {@code max}, with jitter. */
    record RetrySoon<T>(Duration first, Duration max) implements FailureHandler<T> {

        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
            int failures = Math.min(complete.getExecution().consecutiveFailures, 30);
            long delay = Math.min(max.toMillis(), first.toMillis() << failures);
            long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
            operations.reschedule(complete, complete.getTimeDone().plusMillis(jittered));
        }
    }

    /** Starts polling once the application is up, and stops before the data source closes. */
    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
