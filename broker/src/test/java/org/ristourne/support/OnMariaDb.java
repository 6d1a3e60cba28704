package org.ristourne.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs a Spring test against the MySQL or MariaDB server named by {@code RISTOURNE_TEST_MYSQL_URL} with the
 * application's {@code mysql} profile. Without that variable the test is skipped; {@code .ci/run} always sets it and
 * fails when no test ran against the real database, so CI cannot skip it silently. Name such classes
 * {@code MariaDb…Test} so that CI can count them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfEnvironmentVariable(named = "RISTOURNE_TEST_MYSQL_URL", matches = ".+",
        disabledReason = "set RISTOURNE_TEST_MYSQL_URL (jdbc:mysql://host:3306/db) to run against MySQL/MariaDB")
@ActiveProfiles("mysql")
@TestPropertySource(properties = {
        "spring.datasource.url=${RISTOURNE_TEST_MYSQL_URL}",
        "spring.datasource.username=${RISTOURNE_TEST_MYSQL_USER:root}",
        "spring.datasource.password=${RISTOURNE_TEST_MYSQL_PASSWORD:}",
        // Cached contexts stay open side by side, and the two-node test starts two more brokers on this server.
        "spring.datasource.hikari.maximum-pool-size=12",
        "spring.datasource.hikari.minimum-idle=1",
        // A cached context that is not running a test gives its connections back soon.
        "spring.datasource.hikari.idle-timeout=10000"
})
public @interface OnMariaDb {
}
