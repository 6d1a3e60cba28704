package org.ristourne.broker.config;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pool's connections come without autocommit ({@code spring.datasource.hikari.auto-commit}), which spares every
 * transaction two round trips; the {@code JdbcTemplate} (and so every {@code NamedParameterJdbcTemplate} and
 * {@code JdbcClient} Spring Boot derives from it) gets autocommit back whenever it runs outside a transaction, so
 * that its writes there still commit one statement at a time.
 */
@Configuration(proxyBeanMethods = false)
public class JdbcConfig {

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(new AutoCommitOutsideTransactions(dataSource));
    }
}
