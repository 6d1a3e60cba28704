package org.ristourne.broker.see.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ristourne.support.OnH2;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.Processors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replay while another node holds a segment of the read models: Axon cannot take that node's token, so the replay
 * is refused with the node named, and this node's processor runs again. A token row claimed by a fake owner plays
 * the other node, as a second broker would write it.
 */
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ristourne.operator.password=" + OperatorClient.PASSWORD)
class LedgerReplayIntegrationTest {

    private static final String OTHER_NODE = "4242@other-broker";

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired EventProcessingConfiguration processing;

    OperatorClient operator;
    int heldSegment;

    @BeforeEach
    void anotherNodeHoldsASegment() {
        operator = new OperatorClient("http://127.0.0.1:" + port);
        Processors.awaitCaughtUp(processing, jdbc, Duration.ofSeconds(30));
        heldSegment = jdbc.queryForObject("select max(segment) from token_entry where processor_name = ?",
                Integer.class, LedgerReadModels.GROUP);
        // A claim renewed in the future stays fresh for the whole test, whatever Axon's claim timeout.
        jdbc.update("update token_entry set owner = ?, timestamp = ? where processor_name = ? and segment = ?",
                OTHER_NODE, Instant.now().plus(Duration.ofHours(1)).toString(), LedgerReadModels.GROUP, heldSegment);
    }

    @AfterEach
    void theOtherNodeStops() {
        jdbc.update("update token_entry set owner = null where processor_name = ? and owner = ?",
                LedgerReadModels.GROUP, OTHER_NODE);
    }

    @Test
    void replayWhileAnotherNodeHoldsSegmentsIsRefusedNamingItAndThisNodeKeepsProcessing() {
        var answer = operator.raw("POST", "/actuator/ledgerreplay", null, OperatorClient.PASSWORD);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("/problems/replay-segments-held-elsewhere").contains(OTHER_NODE)
                .contains(LedgerReadModels.GROUP);
        StreamingEventProcessor processor = processing.eventProcessor(LedgerReadModels.GROUP,
                StreamingEventProcessor.class).orElseThrow();
        assertThat(processor.isRunning()).as("the read-model processor runs after the refusal").isTrue();
        Awaitility.await("this node claims its segments again").atMost(Duration.ofSeconds(30))
                .until(() -> processor.processingStatus().size() == segments() - 1);
        assertThat(processor.processingStatus()).doesNotContainKey(heldSegment);
    }

    private int segments() {
        return jdbc.queryForObject("select count(*) from token_entry where processor_name = ?", Integer.class,
                LedgerReadModels.GROUP);
    }
}
