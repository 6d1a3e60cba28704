package org.ristourne.support.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.Processors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole database as a fuzz test last saw it (once the event processors caught up), but the tables that change by
 * design and are checked apart: a refusal must leave every other row as it was.
 */
public final class UnchangedDatabase {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final List<String> checkedApart;
    private Map<String, List<String>> seen;
    private int checks;

    public UnchangedDatabase(DataSource dataSource, EventProcessingConfiguration processing, String... checkedApart) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.processing = processing;
        // page sessions move on every request and expire in the background, whichever context runs: never the
        // concern of a refusal
        this.checkedApart = java.util.stream.Stream.concat(java.util.stream.Stream.of(checkedApart),
                java.util.stream.Stream.of("spring_session", "spring_session_attributes")).toList();
        this.seen = snapshot();
    }

    /** What was accepted changed the database: this is how it is now. */
    public void accept() {
        seen = snapshot();
    }

    public void assertUnchanged(String since) {
        checks++;
        Map<String, List<String>> now = snapshot();
        for (String table : seen.keySet()) {
            assertThat(now.get(table)).as("table " + table + " changed by a refusal: " + since)
                    .isEqualTo(seen.get(table));
        }
        assertThat(now.keySet()).isEqualTo(seen.keySet());
    }

    public int checks() {
        return checks;
    }

    private Map<String, List<String>> snapshot() {
        // A deadline already due (a sale of another test whose hold is over) would change the books on its own
        // between two snapshots: let the scheduler run those first, then the processors catch up on what they did.
        Awaitility.await("deadlines due now have run").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> jdbc.queryForObject(
                        "select count(*) from scheduled_tasks where execution_time <= ?", Integer.class,
                        Timestamp.from(Instant.now())) == 0);
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(30));
        Map<String, List<String>> tables = new TreeMap<>(DatabaseSnapshot.of(dataSource));
        checkedApart.forEach(tables::remove);
        return tables;
    }
}
