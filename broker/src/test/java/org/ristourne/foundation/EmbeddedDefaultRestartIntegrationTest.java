package org.ristourne.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ristourne.RistourneApplication;
import org.ristourne.support.OperatorClient;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default as a user meets it: the application with no configuration but its working directory, started,
 * written to, stopped, started again. Only the H2 file location and the port are overridden, to keep the test's files
 * out of the developer's own ./data and off port 8080. Without RISTOURNE_OPERATOR_PASSWORD, the first operator's
 * password is made up into a file beside the database, never logged, and kept across the restart.
 */
class EmbeddedDefaultRestartIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void healthIsUpAndEventsSurviveARestart(@TempDir Path workingDirectory, CapturedOutput output) throws Exception {
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
        Path passwordFile = workingDirectory.resolve("data/operator-password");
        String password = Files.readString(passwordFile).strip();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(output.getOut()).as("the log names the file, never the password")
                .contains(passwordFile.toString()).doesNotContain(password);

        try (ConfigurableApplicationContext second = start(databaseUrl)) {
            assertThat(health(second)).contains("\"status\":\"UP\"");
            List<Object> payloads = second.getBean(EventStore.class).readEvents(aggregateId).asStream()
                    .map(message -> (Object) message.getPayload()).toList();
            assertThat(payloads).containsExactly(written);
            int port = ((WebServerApplicationContext) second).getWebServer().getPort();
            new OperatorClient("http://127.0.0.1:" + port, OperatorClient.NAME, password)
                    .call("GET", "/operator/operators", null, 200);
        }
        assertThat(Files.readString(passwordFile).strip()).as("kept, with its account, across the restart")
                .isEqualTo(password);
        assertThat(output.getOut()).doesNotContain(password);
    }

    private static ConfigurableApplicationContext start(String databaseUrl) {
        return new SpringApplicationBuilder(RistourneApplication.class)
                .run("--spring.datasource.url=" + databaseUrl, "--server.port=0",
                        // As on a developer's machine, whatever the environment running the tests says.
                        "--ristourne.operator.password=");
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
