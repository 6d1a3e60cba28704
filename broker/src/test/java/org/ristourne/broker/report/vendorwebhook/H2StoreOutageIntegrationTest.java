package org.ristourne.broker.report.vendorwebhook;

import java.sql.SQLException;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.TcpProxy;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** H2 served over TCP, so that the relay can stand between the broker and its database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "ristourne.operator.password=" + OperatorClient.PASSWORD)
class H2StoreOutageIntegrationTest extends StoreOutageIntegrationTest {

    private static final Server H2;
    private static final TcpProxy PROXY;

    static {
        try {
            H2 = Server.createTcpServer("-tcpPort", String.valueOf(TcpProxy.freePort()), "-ifNotExists").start();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        PROXY = new TcpProxy("127.0.0.1", H2.getPort());
    }

    @DynamicPropertySource
    static void throughTheProxy(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:tcp://127.0.0.1:" + PROXY.port() + "/mem:outage;DB_CLOSE_DELAY=-1");
    }

    @Override
    TcpProxy proxy() {
        return PROXY;
    }

    @AfterAll
    static void stop() {
        PROXY.close();
        H2.stop();
    }
}
