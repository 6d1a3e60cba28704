package org.ristourne.broker.directory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.AgreementTerms;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.money.BasisPoints;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

@Component
class JdbcBrokerDirectory implements BrokerDirectory {

    private final JdbcTemplate jdbc;

    JdbcBrokerDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<VendorStatus> vendor(VendorId vendorId) {
        // One round trip: every webhook asks twice (the controller, then the Sale's rules).
        List<Boolean> suspended = new ArrayList<>();
        List<Agreement> agreements = new ArrayList<>();
        jdbc.query("""
                select v.suspended, a.version, a.effective_from_us, a.share_bps, a.broker_fee_bps, a.hold_days,
                    a.default_margin_bps, a.currencies
                from directory_vendor v left join directory_agreement a on a.vendor_id = v.vendor_id
                where v.vendor_id = ? order by a.version
                """, rs -> {
            if (suspended.isEmpty()) {
                suspended.add(rs.getBoolean("suspended"));
            }
            int version = rs.getInt("version");
            if (rs.wasNull()) {
                return;
            }
            int defaultMargin = rs.getInt("default_margin_bps");
            BasisPoints defaultMarginBps = rs.wasNull() ? null : BasisPoints.of(defaultMargin);
            AgreementTerms terms = new AgreementTerms(BasisPoints.of(rs.getInt("share_bps")),
                    BasisPoints.of(rs.getInt("broker_fee_bps")), rs.getInt("hold_days"), defaultMarginBps,
                    Arrays.stream(rs.getString("currencies").split(",")).map(Currency::getInstance)
                            .collect(Collectors.toSet()));
            agreements.add(new Agreement(version, EpochMicros.toInstant(rs.getLong("effective_from_us")), terms));
        }, vendorId.value());
        if (suspended.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new VendorStatus(vendorId, suspended.get(0), agreements));
    }

    @Override
    public Optional<String> billingEmail(VendorId vendorId) {
        return jdbc.queryForList("select billing_email from directory_vendor where vendor_id = ?", String.class,
                vendorId.value()).stream().filter(java.util.Objects::nonNull).findFirst();
    }

    @Override
    public boolean isRegistered(CustomerId customerId) {
        return !jdbc.queryForList("select 1 from directory_customer where customer_id = ?", Integer.class,
                customerId.value()).isEmpty();
    }

    @Override
    public boolean isSubscribedAt(CustomerId customerId, Instant instant) {
        long at = EpochMicros.of(instant);
        return !jdbc.queryForList("""
                select 1 from directory_subscription_period
                where customer_id = ? and active_from_us <= ? and active_until_us > ?
                """, Integer.class, customerId.value(), at, at).isEmpty();
    }

    @Override
    public Optional<RelationshipEntry> relationship(CustomerRef customerRef) {
        return jdbc.query("""
                select relationship_id, customer_id, vendor_id, open_pair from directory_relationship
                where customer_ref = ?
                """, (rs, row) -> new RelationshipEntry(new RelationshipId(rs.getString("relationship_id")),
                new CustomerId(rs.getString("customer_id")), new VendorId(rs.getString("vendor_id")), customerRef,
                rs.getString("open_pair") != null), customerRef.value()).stream().findFirst();
    }

    @Override
    public boolean hasOpenRelationship(CustomerId customerId, VendorId vendorId) {
        return !jdbc.queryForList("select 1 from directory_relationship where open_pair = ?", Integer.class,
                customerId.value() + "/" + vendorId.value()).isEmpty();
    }

}
