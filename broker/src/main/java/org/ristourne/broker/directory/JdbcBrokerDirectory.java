package org.ristourne.broker.directory;

import java.time.Instant;
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
        List<Boolean> suspended = jdbc.queryForList(
                "select suspended from directory_vendor where vendor_id = ?", Boolean.class, vendorId.value());
        if (suspended.isEmpty()) {
            return Optional.empty();
        }
        List<Agreement> agreements = jdbc.query("""
                select version, effective_from_us, share_bps, broker_fee_bps, hold_days, default_margin_bps, currencies
                from directory_agreement where vendor_id = ? order by version
                """, (rs, row) -> {
            int defaultMargin = rs.getInt("default_margin_bps");
            BasisPoints defaultMarginBps = rs.wasNull() ? null : BasisPoints.of(defaultMargin);
            AgreementTerms terms = new AgreementTerms(BasisPoints.of(rs.getInt("share_bps")),
                    BasisPoints.of(rs.getInt("broker_fee_bps")), rs.getInt("hold_days"), defaultMarginBps,
                    Arrays.stream(rs.getString("currencies").split(",")).map(Currency::getInstance)
                            .collect(Collectors.toSet()));
            return new Agreement(rs.getInt("version"), EpochMicros.toInstant(rs.getLong("effective_from_us")), terms);
        }, vendorId.value());
        return Optional.of(new VendorStatus(vendorId, suspended.get(0), agreements));
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
