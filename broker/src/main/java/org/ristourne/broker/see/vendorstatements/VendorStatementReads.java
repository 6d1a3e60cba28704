package org.ristourne.broker.see.vendorstatements;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.ReasonCode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The read models behind a vendor's statement. A sale belongs to the period in which its shares were booked (the
 * ledger's rule for period reports), so the rows of a period add up to the ledger's "owed" for it. The customer's id
 * is read only to find the customerRef the vendor knows the customer by, and leaves no method of this class.
 */
@Component
class VendorStatementReads {

    /** A sale as the read models hold it, in the vendor's words: its own sale id and the customerRef. */
    record Sale(String vendorSaleId, String customerRef, Money amount, Money margin, int shareBps, int brokerFeeBps,
                Money refunded, String state, Instant completedAt) {
    }

    record Invoice(String invoiceId, Money total, String state, Instant issuedAt, Instant dueAt,
                   @Nullable Instant paidAt) {
    }

    private record Line(String vendorSaleId, String customerId, String currency, long amount, long margin,
                        int shareBps, int brokerFeeBps, long refunded, String state, long completedAtUs,
                        long bookedAtUs) {
    }

    private record Relationship(String customerRef, long openedAtUs) {
    }

    private final JdbcTemplate jdbc;

    VendorStatementReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Sales whose shares were booked in [from, to), newest completion first. */
    List<Sale> sales(VendorId vendor, Instant from, Instant to) {
        List<Line> lines = jdbc.query("""
                select l.vendor_sale_id, l.customer_id, l.currency, l.amount_minor, l.margin_minor, l.share_bps,
                    l.broker_fee_bps, l.refunded_minor, l.state, l.completed_at_us, e.booked_at_us
                from ledger_entry e join customer_statement_line l on l.sale_key = e.sale_key
                where e.account_type = ? and e.owner = ? and e.reason = ? and e.booked_at_us >= ?
                    and e.booked_at_us < ? and l.vendor_id = ?
                order by l.completed_at_us desc, l.vendor_sale_id
                """, (rs, n) -> new Line(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getLong(8), rs.getString(9), rs.getLong(10),
                rs.getLong(11)), AccountType.VENDOR_SHARES_RECEIVABLE.name(), vendor.value(),
                ReasonCode.SHARES_PENDING.name(), EpochMicros.of(from), EpochMicros.of(to), vendor.value());
        if (lines.isEmpty()) {
            return List.of();
        }
        Map<String, List<Relationship>> relationships = new HashMap<>();
        jdbc.query("""
                select customer_id, customer_ref, opened_at_us from directory_relationship where vendor_id = ?
                order by opened_at_us desc
                """, rs -> {
            relationships.computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
                    .add(new Relationship(rs.getString(2), rs.getLong(3)));
        }, vendor.value());
        List<Sale> sales = new ArrayList<>(lines.size());
        for (Line line : lines) {
            sales.add(new Sale(line.vendorSaleId(), customerRef(relationships.get(line.customerId()), line),
                    Money.of(line.amount(), line.currency()), Money.of(line.margin(), line.currency()),
                    line.shareBps(), line.brokerFeeBps(), Money.of(line.refunded(), line.currency()), line.state(),
                    EpochMicros.toInstant(line.completedAtUs())));
        }
        return sales;
    }

    /**
     * The reference the sale was reported against: the customer's relationship with this vendor that was open when the
     * sale was booked (a relationship ended and opened again has a new reference; the intake refuses a closed one).
     */
    private static String customerRef(@Nullable List<Relationship> relationships, Line line) {
        if (relationships == null || relationships.isEmpty()) {
            return "";
        }
        for (Relationship relationship : relationships) {
            if (relationship.openedAtUs() <= line.bookedAtUs()) {
                return relationship.customerRef();
            }
        }
        return relationships.get(relationships.size() - 1).customerRef();
    }

    /** The vendor's invoices issued or paid in [from, to), by issue date. */
    List<Invoice> invoices(VendorId vendor, Instant from, Instant to) {
        long fromUs = EpochMicros.of(from);
        long toUs = EpochMicros.of(to);
        return jdbc.query("""
                select invoice_id, currency, total_minor, state, issued_at_us, due_at_us, paid_at_us
                from vendor_invoice
                where vendor_id = ? and ((issued_at_us >= ? and issued_at_us < ?)
                    or (paid_at_us is not null and paid_at_us >= ? and paid_at_us < ?))
                order by issued_at_us, invoice_id, currency
                """, (rs, n) -> {
            long paidAt = rs.getLong("paid_at_us");
            boolean unpaid = rs.wasNull();
            return new Invoice(rs.getString("invoice_id"), Money.of(rs.getLong("total_minor"),
                    rs.getString("currency")), rs.getString("state"),
                    EpochMicros.toInstant(rs.getLong("issued_at_us")), EpochMicros.toInstant(rs.getLong("due_at_us")),
                    unpaid ? null : EpochMicros.toInstant(paidAt));
        }, vendor.value(), fromUs, toUs, fromUs, toUs);
    }
}
