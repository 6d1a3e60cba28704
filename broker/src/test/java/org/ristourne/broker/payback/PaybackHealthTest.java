package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;

/** Health says plainly whether payouts can reach Stripe, without taking the node down when they cannot. */
class PaybackHealthTest {

    private final JdbcTemplate jdbc = Mockito.mock(JdbcTemplate.class);

    PaybackHealthTest() {
        Mockito.when(jdbc.queryForObject(ArgumentMatchers.anyString(), ArgumentMatchers.eq(Long.class),
                ArgumentMatchers.<Object>any())).thenReturn(2L);
    }

    @Test
    void withoutStripeTheNodeIsUpAndSaysPayoutsStayRequested() {
        Health health = new PaybackHealth(StripeCredits.notConfigured(), jdbc).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("stripe", "not configured: payouts stay requested")
                .containsEntry("payoutsInFlight", 2L);
    }

    @Test
    void withStripeItSaysConfigured() {
        Health health = new PaybackHealth(new StripeCredits(new ScriptedCredits(Instant.EPOCH)), jdbc).health();
        assertThat(health.getDetails()).containsEntry("stripe", "configured")
                .containsEntry("connectPayouts", "off: payouts are credits");
    }

    @Test
    void withConnectPayoutsOnItSaysCustomersWithAConnectedAccountArePaidCash() {
        Health health = new PaybackHealth(new StripeCredits(new ScriptedCredits(Instant.EPOCH)),
                new StripeCash(new ScriptedCash(Instant.EPOCH)), jdbc).health();
        assertThat(health.getDetails()).containsEntry("connectPayouts",
                "on: customers with a connected account are paid cash");
    }
}
