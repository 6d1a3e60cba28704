package org.ristourne.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ristourne.RistourneApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default as a user meets it: the application with no configuration but its working directory, started,
 * written to, stopped, started again. Only the H2 file location and the port are overridden, to keep the test's files
 * out of the developer's own ./data and off port 8080.
 */
class EmbeddedDefaultRestartIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthIsUpAndEventsSurviveARestart(@TempDir Path workingDirectory) throws Exception {
        String databaseUrl = "jdbc:h2:file:" + workingDirectory.resolve("data/ristourne") + ";DB_CLOSE_ON_EXIT=FALSE";
        String aggregateId = "probe-restart";
        ProbeRecorded written = new ProbeRecorded(aggregateId, 4_200, Instant.parse("2026-11-24T10:15:30.123456Z"));

        try (ConfigurableApplicationContext first = start(databaseUrl)) {
            assertThat(health(first)).contains("\"status\":\"UP\"");
            first.getBean(TransactionTemplate.class).executeWithoutResult(status -> first.getBean(EventStore.class)
                    .publish(new GenericDomainEventMessage<>("Probe", aggregateId, 0, written)));
        }
        assertThat(Files.list(workingDirectory.resolve("data")).map(Path::getFileName).map(Path::toString))
                .anyMatch(name -> name.startsWith("ristourne") && name.endsWith(".mv.db"));

        try (ConfigurableApplicationContext second = start(databaseUrl)) {
            assertThat(health(second)).contains("\"status\":\"UP\"");
            List<Object> payloads = second.getBean(EventStore.class).readEvents(aggregateId).asStream()
                    .map(message -> (Object) message.getPayload()).toList();
            assertThat(payloads).containsExactly(written);
        }
    }

    private static ConfigurableApplicationContext start(String databaseUrl) {
        return new SpringApplicationBuilder(RistourneApplication.class)
                .run("--spring.datasource.url=" + databaseUrl, "--server.port=0");
    }

    private String health(ConfigurableApplicationContext context) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
