package org.ristourne.broker.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
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
     * if the command rolls back, so does its deadline.
     */
    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks, DeadlineSchedulerProperties properties) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .threads(properties.threads())
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(Duration.ofSeconds(30))
                .alwaysPersistTimestampInUTC()
                .enableImmediateExecution()
                .build();
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
