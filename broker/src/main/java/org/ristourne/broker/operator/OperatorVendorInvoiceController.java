package org.ristourne.broker.operator;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendorinvoice.FindVendorInvoices;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceView;
import org.ristourne.broker.payback.vendorinvoice.VendorInvoiceProjection;
import org.ristourne.broker.payback.vendorinvoice.VendorInvoicingRun;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's side of vendor invoices: invoice a vendor now, and list invoices by state (overdue ones first of
 * all; a vendor that does not pay can be suspended with {@code POST /operator/vendors/{id}/suspension}).
 */
@RestController
class OperatorVendorInvoiceController {

    /** The invoice issued. */
    record IssuedInvoice(String invoiceId) {
    }

    /** An amount as the operator API writes money: minor units and the currency's code. */
    record Amount(long amount, String currency) {
    }

    /** One line of a vendor invoice: one Stripe invoice. */
    record InvoiceLineView(String invoiceId, String vendorId, Amount total, int saleCount, int deductionCount,
                           String state, Instant periodEnd, Instant issuedAt, Instant dueAt,
                           @Nullable String stripeInvoiceId, @Nullable Instant paidAt, @Nullable String detail) {

        static InvoiceLineView of(VendorInvoiceView view) {
            return new InvoiceLineView(view.invoiceId(), view.vendorId(), new Amount(view.total().minorUnits(),
                    view.total().currency().getCurrencyCode()), view.saleCount(), view.deductionCount(), view.state(),
                    view.periodEnd(), view.issuedAt(), view.dueAt(), view.stripeInvoiceId(), view.paidAt(),
                    view.detail());
        }
    }

    private final VendorInvoicingRun invoicing;
    private final QueryGateway queries;
    private final Clock clock;

    OperatorVendorInvoiceController(VendorInvoicingRun invoicing, QueryGateway queries, Clock clock) {
        this.invoicing = invoicing;
        this.queries = queries;
        this.clock = clock;
    }

    /** Invoices every sale confirmed until now and not yet invoiced: 201 with the invoice id, 204 if nothing is due. */
    @PostMapping("/operator/vendors/{vendorId}/invoices")
    ResponseEntity<IssuedInvoice> issue(@PathVariable String vendorId) {
        return invoicing.issue(new VendorId(vendorId), clock.instant())
                .map(id -> ResponseEntity.status(HttpStatus.CREATED).body(new IssuedInvoice(id)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @GetMapping("/operator/vendor-invoices")
    List<InvoiceLineView> list(@RequestParam(required = false) @Nullable String state) {
        if (state != null && !VendorInvoiceProjection.STATES.contains(state)) {
            throw new IllegalArgumentException("state is one of " + VendorInvoiceProjection.STATES + ", got '" + state
                    + "'");
        }
        return queries.query(new FindVendorInvoices(state), ResponseTypes.multipleInstancesOf(VendorInvoiceView.class))
                .join().stream().map(InvoiceLineView::of).toList();
    }
}
