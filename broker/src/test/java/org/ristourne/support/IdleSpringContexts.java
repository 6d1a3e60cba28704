package org.ristourne.support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Stops the streaming event processors of every cached Spring context but the one a test class is about to use, and
 * starts that one's again. Spring keeps each context it started for later test classes, and Axon's tracking
 * processors do not stop when Spring pauses an idle context: measured on a CI run, some 300 processor threads of
 * 18 idle contexts took about half of the test JVM's CPU polling their event stores, on a machine of two cores. On
 * the shared MariaDB database they also held token claims as extra nodes would, so the context under test waited
 * for segments. Only the processors this class stopped are started again: a test that stops a processor itself
 * keeps it stopped.
 *
 * <p>Registered for every Spring test in {@code META-INF/spring.factories}; {@link BrokerProcess} pauses every
 * context before it starts a broker of its own, since no context runs a test then.
 */
public final class IdleSpringContexts extends AbstractTestExecutionListener {

    /** Every context seen, with the processors this class stopped in it. Weak: Spring may close and drop one. */
    private static final Map<ConfigurableApplicationContext, Set<String>> CONTEXTS = new WeakHashMap<>();

    @Override
    public int getOrder() {
        // After the context is loaded and before the test's own set-up runs.
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public void beforeTestClass(TestContext testContext) {
        activate(testContext.getApplicationContext());
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        activate(testContext.getApplicationContext());
    }

    /** Pauses every known context: no Spring test runs until the next {@link #activate}. */
    public static synchronized void pauseAll() {
        pauseAllBut(null);
    }

    private static synchronized void activate(ApplicationContext context) {
        if (!(context instanceof ConfigurableApplicationContext configurable)) {
            return;
        }
        pauseAllBut(configurable);
        Set<String> stopped = CONTEXTS.computeIfAbsent(configurable, known -> new HashSet<>());
        if (stopped.isEmpty() || !configurable.isActive()) {
            return;
        }
        Map<String, EventProcessor> processors = processorsOf(configurable);
        for (String name : stopped) {
            EventProcessor processor = processors.get(name);
            if (processor != null && !processor.isRunning()) {
                processor.start();
            }
        }
        stopped.clear();
    }

    private static void pauseAllBut(ConfigurableApplicationContext active) {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        CONTEXTS.entrySet().removeIf(known -> !known.getKey().isActive());
        for (Map.Entry<ConfigurableApplicationContext, Set<String>> known : CONTEXTS.entrySet()) {
            if (known.getKey() == active) {
                continue;
            }
            processorsOf(known.getKey()).forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor && processor.isRunning()) {
                    known.getValue().add(name);
                    stopping.add(processor.shutdownAsync());
                }
            });
        }
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the idle test contexts' event processors did not stop within 60 s", e);
        }
    }

    private static Map<String, EventProcessor> processorsOf(ConfigurableApplicationContext context) {
        EventProcessingConfiguration processing =
                context.getBeanProvider(EventProcessingConfiguration.class).getIfAvailable();
        return processing == null ? Map.of() : processing.eventProcessors();
    }
}
