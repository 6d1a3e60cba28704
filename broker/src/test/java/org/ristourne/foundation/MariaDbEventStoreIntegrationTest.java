package org.ristourne.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.ristourne.support.OnMariaDb;
import org.springframework.beans.factory.annotation.Autowired;

@OnMariaDb
class MariaDbEventStoreIntegrationTest extends EventStoreIntegrationTest {

    @Autowired
    EntityManagerFactory entityManagerFactory;

    @Test
    void flywayCreatedAutoIncrementGlobalIndexAndLongblobPayloads() {
        String extra = jdbc.queryForObject("""
                select extra from information_schema.columns
                where table_schema = database() and table_name = 'domain_event_entry' and column_name = 'global_index'
                """, String.class);
        assertThat(extra).containsIgnoringCase("auto_increment");

        for (String[] column : new String[][] {
                {"domain_event_entry", "payload"}, {"domain_event_entry", "meta_data"},
                {"snapshot_event_entry", "payload"}, {"token_entry", "token"}, {"saga_entry", "serialized_saga"}}) {
            String type = jdbc.queryForObject("""
                    select data_type from information_schema.columns
                    where table_schema = database() and table_name = ? and column_name = ?
                    """, String.class, column[0], column[1]);
            assertThat(type).as("%s.%s", column[0], column[1]).isEqualToIgnoringCase("longblob");
        }
    }

    @Test
    void hibernateSpeaksTheDialectOfTheServerItIsConnectedTo() {
        String version = jdbc.queryForObject("select version()", String.class);
        Dialect dialect = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
                .getJdbcServices().getDialect();
        if (version.contains("MariaDB")) {
            // With the MySQL dialect Hibernate would lock tokens with FOR UPDATE OF, which MariaDB rejects.
            assertThat(dialect).isInstanceOf(MariaDBDialect.class);
        } else {
            assertThat(dialect).isInstanceOf(MySQLDialect.class).isNotInstanceOf(MariaDBDialect.class);
        }
    }
}
