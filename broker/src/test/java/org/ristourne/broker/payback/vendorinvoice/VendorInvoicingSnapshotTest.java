package org.ristourne.broker.payback.vendorinvoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendorinvoice.InvoiceLine;
import org.ristourne.broker.api.vendorinvoice.InvoicedSale;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceIssued;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceSent;
import org.ristourne.broker.api.vendorinvoice.VendorInvoicingOpened;
import org.ristourne.broker.api.vendorinvoice.VendorReceivableTracked;
import org.ristourne.broker.config.AxonSerializationConfig;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.PostingId;
import org.ristourne.ledger.posting.ReasonCode;

/**
 * A vendor's invoicing survives a snapshot with Axon's own mapper: every open sale, deduction, line and key comes
 * back, sorted collections sorted, so that the aggregate loaded from a snapshot invoices as the one replayed would.
 */
class VendorInvoicingSnapshotTest {

    private static final Instant AT = Instant.parse("2026-11-02T10:00:00Z");
    private static final VendorId VENDOR = new VendorId("acme");
    private static final String ID = VendorInvoicing.idOf(VENDOR);

    @Test
    void theStateComesBackWholeFromASnapshot() throws Exception {
        VendorInvoicing invoicing = new VendorInvoicing();
        invoicing.on(new VendorInvoicingOpened(ID, VENDOR));
        for (String sale : List.of("acme/ord_3", "acme/ord_1", "acme/ord_2")) {
            invoicing.on(new VendorReceivableTracked(ID, sale, PostingId.of("sale", sale, "reported").value(),
                    ReasonCode.SHARES_PENDING, Money.of(840, "EUR"), AT));
            invoicing.on(new VendorReceivableTracked(ID, sale, PostingId.of("sale", sale, "confirmed").value(),
                    ReasonCode.SHARES_CONFIRMED, Money.of(0, "EUR"), AT));
        }
        InvoiceLine line = new InvoiceLine(Currency.getInstance("EUR"), List.of(new InvoicedSale("acme/ord_1",
                Money.of(840, "EUR"))), List.of(), Money.of(840, "EUR"));
        invoicing.on(new VendorInvoiceIssued(ID, "vinv_1", VENDOR, AT, AT, AT, List.of(line), null));
        invoicing.on(new VendorInvoiceSent(ID, "vinv_1", Currency.getInstance("EUR"), "in_1", "cus_V", AT, AT));
        invoicing.on(new VendorReceivableTracked(ID, "acme/ord_1", PostingId.of("sale", "acme/ord_1", "refund", "rf_1")
                .value(), ReasonCode.SHARES_REFUNDED, Money.of(-323, "EUR"), AT));

        ObjectMapper mapper = AxonSerializationConfig.axonObjectMapper();
        String snapshot = mapper.writeValueAsString(invoicing);
        VendorInvoicing restored = mapper.readValue(snapshot, VendorInvoicing.class);

        assertThat(mapper.writeValueAsString(restored)).isEqualTo(snapshot);
        assertThat(snapshot).contains("\"invoicingId\":\"invoicing:acme\"", "\"stripeCustomerId\":\"cus_V\"",
                "\"state\":\"SENT\"", "\"refundId\":\"rf_1\"");
        assertThat(snapshot.indexOf("acme/ord_2")).isLessThan(snapshot.indexOf("acme/ord_3"));
    }
}
