package org.ristourne.broker.operator.pages.vendors;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.money.BasisPoints;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * What the vendor pages read from the directory (the tables the rules themselves read, so the page shows what the
 * rules will apply) and from vendor_user. Read only: every change is a command.
 */
@Repository
class OperatorVendorReads {

    record VendorRow(VendorId vendorId, String displayName, boolean suspended, Instant onboardedAt,
                     @Nullable String billingEmail, List<Agreement> agreements, int users) {

        @Nullable Agreement current() {
            return agreements.isEmpty() ? null : agreements.get(agreements.size() - 1);
        }
    }

    private final JdbcTemplate jdbc;

    OperatorVendorReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every vendor, by display name; the directory holds one row per onboarded vendor, a few hundred at most. */
    List<VendorRow> all() {
        Map<String, List<Agreement>> agreements = agreements(null);
        Map<String, Integer> users = new HashMap<>();
        jdbc.query("select vendor_id, count(*) from vendor_user group by vendor_id",
                rs -> {
                    users.put(rs.getString(1), rs.getInt(2));
                });
        return jdbc.query("""
                select vendor_id, display_name, suspended, onboarded_at_us, billing_email from directory_vendor
                order by display_name, vendor_id""", (rs, n) -> {
            String id = rs.getString("vendor_id");
            return new VendorRow(new VendorId(id), rs.getString("display_name"), rs.getBoolean("suspended"),
                    EpochMicros.toInstant(rs.getLong("onboarded_at_us")), rs.getString("billing_email"),
                    agreements.getOrDefault(id, List.of()), users.getOrDefault(id, 0));
        });
    }

    Optional<VendorRow> one(VendorId vendorId) {
        List<Agreement> agreements = agreements(vendorId).getOrDefault(vendorId.value(), List.of());
        Integer users = jdbc.queryForObject("select count(*) from vendor_user where vendor_id = ?", Integer.class,
                vendorId.value());
        return jdbc.query("""
                select vendor_id, display_name, suspended, onboarded_at_us, billing_email from directory_vendor
                where vendor_id = ?""", (rs, n) -> new VendorRow(vendorId, rs.getString("display_name"),
                rs.getBoolean("suspended"), EpochMicros.toInstant(rs.getLong("onboarded_at_us")),
                rs.getString("billing_email"), agreements, users == null ? 0 : users), vendorId.value())
                .stream().findFirst();
    }

    private Map<String, List<Agreement>> agreements(@Nullable VendorId only) {
        Map<String, List<Agreement>> agreements = new HashMap<>();
        String sql = """
                select vendor_id, version, effective_from_us, share_bps, broker_fee_bps, hold_days,
                    default_margin_bps, currencies
                from directory_agreement""" + (only == null ? "" : " where vendor_id = ?")
                + " order by vendor_id, version";
        Object[] arguments = only == null ? new Object[0] : new Object[] {only.value()};
        jdbc.query(sql, rs -> {
            int defaultMargin = rs.getInt("default_margin_bps");
            BasisPoints defaultMarginBps = rs.wasNull() ? null : BasisPoints.of(defaultMargin);
            AgreementTerms terms = new AgreementTerms(BasisPoints.of(rs.getInt("share_bps")),
                    BasisPoints.of(rs.getInt("broker_fee_bps")), rs.getInt("hold_days"), defaultMarginBps,
                    Arrays.stream(rs.getString("currencies").split(",")).map(Currency::getInstance)
                            .collect(Collectors.toSet()));
            agreements.computeIfAbsent(rs.getString("vendor_id"), id -> new ArrayList<>()).add(new Agreement(
                    rs.getInt("version"), EpochMicros.toInstant(rs.getLong("effective_from_us")), terms));
        }, arguments);
        return agreements;
    }
}
