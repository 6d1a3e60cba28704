package org.ristourne.broker.payback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.ristourne.billing.api.PayoutMethod;
import org.ristourne.billing.api.PayoutSettled;
import org.ristourne.broker.config.AxonSerializationConfig;
import org.ristourne.ledger.money.Money;

/** Settlements stored before the method existed read as credits; new ones keep theirs, through Axon's mapper. */
class PayoutSettledSerializationTest {

    private final ObjectMapper mapper = AxonSerializationConfig.axonObjectMapper();

    @Test
    void aSettlementStoredWithoutAMethodReadsAsACredit() throws Exception {
        PayoutSettled credit = new PayoutSettled("po_1", "cus-1", Money.of(630, "EUR"),
                Instant.parse("2026-11-26T12:00:00Z"));
        String stored = mapper.writeValueAsString(credit).replace(",\"method\":\"CREDIT\"", "");
        assertThat(stored).doesNotContain("method");

        PayoutSettled read = mapper.readValue(stored, PayoutSettled.class);

        assertThat(read.method()).isEqualTo(PayoutMethod.CREDIT);
        assertThat(read).isEqualTo(credit);
    }

    @Test
    void aCashSettlementKeepsItsMethod() throws Exception {
        PayoutSettled cash = new PayoutSettled("po_1", "cus-1", Money.of(630, "EUR"),
                Instant.parse("2026-11-26T12:00:00Z"), PayoutMethod.CASH);

        assertThat(mapper.readValue(mapper.writeValueAsString(cash), PayoutSettled.class)).isEqualTo(cash);
    }
}
