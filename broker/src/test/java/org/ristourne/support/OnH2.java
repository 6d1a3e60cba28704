package org.ristourne.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a Spring test against an in-memory H2 database of its own, migrated by Flyway exactly as the embedded default
 * is. One database per cached context, so reports over all data (broker fees, balances) see only that context's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:ristourne-${random.uuid};DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE")
public @interface OnH2 {
}
