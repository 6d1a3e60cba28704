package org.ristourne.broker.report.vendorwebhook;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.TcpProxy;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The MySQL/MariaDB named by RISTOURNE_TEST_MYSQL_URL, reached through the relay. */
@EnabledIfEnvironmentVariable(named = "RISTOURNE_TEST_MYSQL_URL", matches = ".+")
@ActiveProfiles("mysql")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "spring.datasource.username=${RISTOURNE_TEST_MYSQL_USER:root}",
        "spring.datasource.password=${RISTOURNE_TEST_MYSQL_PASSWORD:}"})
class MariaDbStoreOutageIntegrationTest extends StoreOutageIntegrationTest {

    private static TcpProxy proxy;

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        URI target = URI.create(System.getenv("RISTOURNE_TEST_MYSQL_URL").substring("jdbc:".length()));
        proxy = new TcpProxy(target.getHost(), target.getPort() < 0 ? 3306 : target.getPort());
        registry.add("spring.datasource.url", () -> "jdbc:mysql://127.0.0.1:" + proxy.port() + target.getPath()
                + (target.getQuery() == null ? "" : "?" + target.getQuery()));
    }

    /** A partition rather than a refusal: the driver's socket timeout must turn the silence into a 503. */
    @Test
    void silentDatabaseGives503WithinSecondsAndTheSameDeliverySucceedsOnceItAnswers() {
        outageGives503ThenTheSameDeliverySucceeds("stall", () -> proxy().stall());
    }

    @Override
    TcpProxy proxy() {
        return proxy;
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }
}
