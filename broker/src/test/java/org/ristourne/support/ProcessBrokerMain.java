package org.ristourne.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ristourne.RistourneApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * The main class of a {@link BrokerProcess}: the broker exactly as in production, though its class path is the test
 * class path. Without this, the application's component scan would pick up the test configurations nested in test
 * classes (a scripted {@code CustomerCredits}, a mutable clock) and run the process with them. Configuration classes
 * a test does want in the process are named in the system property {@value #EXTRA_SOURCES}, comma-separated.
 */
public final class ProcessBrokerMain {

    public static final String EXTRA_SOURCES = "ristourne.test.extra-sources";

    private ProcessBrokerMain() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        System.setProperty("axoniq.update-checker.disabled", "true");
        List<Class<?>> sources = new ArrayList<>(List.of(RistourneApplication.class));
        for (String name : System.getProperty(EXTRA_SOURCES, "").split(",")) {
            if (!name.isBlank()) {
                sources.add(Class.forName(name.trim()));
            }
        }
        new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .initializers(context -> context.getBeanFactory().registerSingleton("excludeTestClasses",
                        new ExcludeTestClasses()))
                .run(args);
    }

    /** Leaves out of the component scan every class compiled from test sources. */
    static final class ExcludeTestClasses extends TypeExcludeFilter {

        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) throws IOException {
            return reader.getResource().getURL().toString().contains("/test-classes/");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ExcludeTestClasses;
        }

        @Override
        public int hashCode() {
            return ExcludeTestClasses.class.hashCode();
        }
    }
}
