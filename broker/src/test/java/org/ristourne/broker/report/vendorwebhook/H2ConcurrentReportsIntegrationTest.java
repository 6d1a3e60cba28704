package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.ristourne.support.OnH2;
import org.ristourne.support.SigningVendor;
import org.springframework.beans.factory.annotation.Autowired;

@OnH2
class H2ConcurrentReportsIntegrationTest extends ConcurrentReportsIntegrationTest {

    @Autowired
    DeadlineManager deadlines;

    // On H2 this context is the only node of its own database, so the deadline can only fire here, through the
    // interceptor. On the shared MariaDB database of the suite, the brokers of other cached contexts poll the same
    // deadlines table and may fire it first; the retry it proves is db-scheduler's, the same on every database.
    /**
     * The deadline's first attempt loses the race for the sale's stream (the failure Axon raises when a refund
     * appended first): it must be tried again soon, not in db-scheduler's default five minutes.
     */
    @Test
    void holdDeadlineThatLosesTheRaceForTheStreamIsRetriedAndConfirmsTheSale() {
        AtomicInteger attempts = new AtomicInteger();
        Registration interceptor = deadlines.registerHandlerInterceptor((unitOfWork, chain) -> {
            if ("sale-hold-ended".equals(unitOfWork.getMessage().getDeadlineName())
                    && attempts.incrementAndGet() == 1) {
                unitOfWork.onPrepareCommit(uow -> {
                    throw new ConcurrencyException("simulated: a refund appended to the sale's stream first");
                });
            }
            return chain.proceed();
        });
        try {
            String vendorId = "nohold-" + UUID.randomUUID().toString().substring(0, 8);
            SigningVendor noHold = new SigningVendor(baseUrl(), vendorId,
                    operator.onboardVendor(vendorId, 2000, 2500, 0));
            String ref = operator.subscribedCustomerOf(vendorId).customerRef();
            assertThat(noHold.send(SigningVendor.saleCompleted("ord_lost", ref, "EUR", 10_000, 4_000L,
                    Instant.now())).statusCode()).isEqualTo(202);

            Awaitility.await("the sale's confirmation after a lost first attempt").atMost(Duration.ofSeconds(30))
                    .until(() -> eventsOf(vendorId, "ord_lost", "SaleConfirmed") == 1);
            assertThat(attempts).hasValueGreaterThanOrEqualTo(2);
        } finally {
            interceptor.cancel();
        }
    }
}
