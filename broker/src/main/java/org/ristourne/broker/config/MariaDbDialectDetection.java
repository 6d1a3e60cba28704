package org.ristourne.broker.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connector/J reports a MariaDB server as "MySQL 5.5.5"; Hibernate 7 then writes {@code FOR UPDATE OF}, which MariaDB
 * rejects, and every Axon event processor stalls on its token claim. The real server version hides in the version
 * string ({@code 5.5.5-10.11.19-MariaDB}); when it is there, tell Hibernate the truth. Real MySQL is left to
 * Hibernate's own detection.
 */
@Configuration(proxyBeanMethods = false)
public class MariaDbDialectDetection {

    private static final Logger log = LoggerFactory.getLogger(MariaDbDialectDetection.class);
    private static final Pattern MARIADB_VERSION = Pattern.compile("(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)\\.\\d+-MariaDB");

    @Bean
    HibernatePropertiesCustomizer mariaDbProductName(DataSource dataSource) {
        return properties -> {
            String version = serverVersion(dataSource);
            Matcher matcher = MARIADB_VERSION.matcher(version);
            if (matcher.find()) {
                log.info("Database server is MariaDB {}.{} behind MySQL Connector/J; configuring Hibernate for MariaDB",
                        matcher.group(1), matcher.group(2));
                properties.put("jakarta.persistence.database-product-name", "MariaDB");
                properties.put("jakarta.persistence.database-major-version", matcher.group(1));
                properties.put("jakarta.persistence.database-minor-version", matcher.group(2));
            }
        };
    }

    private static String serverVersion(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database to detect its product: " + e.getMessage(), e);
        }
    }
}
