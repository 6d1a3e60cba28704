package org.ristourne.broker.see.relationships;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.CustomerRef;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.support.EpochMicros;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the vendor pages read from the directory tables, always for one signed-in customer: every query that returns a
 * relationship is keyed by the customer as well as the id, so another customer's relationship reads as no
 * relationship at all.
 */
@Component
class CustomerRelationships {

    /** A vendor as a customer browses it; {@code terms} is null while no agreement version is in force yet. */
    record Vendor(VendorId vendorId, String name, boolean suspended, @Nullable Terms terms,
                  @Nullable RelationshipId openRelationship) {
    }

    /** The agreement version in force: {@code shareBps} of the margin shared, {@code brokerFeeBps} of that to us. */
    record Terms(int shareBps, int brokerFeeBps) {
    }

    record Relationship(RelationshipId relationshipId, VendorId vendorId, String vendorName, boolean vendorSuspended,
                        CustomerRef customerRef, boolean open, Instant openedAt, @Nullable Instant endedAt) {
    }

    private final JdbcTemplate jdbc;

    CustomerRelationships(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Every vendor with its terms in force at {@code now} and the customer's open relationship with it, if any.
     * Suspended vendors are included (flagged) so the page can still lead to a relationship the customer has open.
     */
    List<Vendor> vendors(CustomerId customerId, Instant now) {
        Map<String, RelationshipId> open = new LinkedHashMap<>();
        jdbc.query("select vendor_id, relationship_id from directory_relationship where customer_id = ?"
                        + " and open_pair is not null",
                rs -> {
                    open.put(rs.getString("vendor_id"), new RelationshipId(rs.getString("relationship_id")));
                }, customerId.value());
        Map<String, Vendor> vendors = new LinkedHashMap<>();
        // Versions ascending: the last row of a vendor is the version in force.
        jdbc.query("""
                select v.vendor_id, v.display_name, v.suspended, a.share_bps, a.broker_fee_bps
                from directory_vendor v
                left join directory_agreement a on a.vendor_id = v.vendor_id and a.effective_from_us <= ?
                order by v.vendor_id, a.version
                """, rs -> {
            String vendorId = rs.getString("vendor_id");
            int shareBps = rs.getInt("share_bps");
            Terms terms = rs.wasNull() ? null : new Terms(shareBps, rs.getInt("broker_fee_bps"));
            vendors.put(vendorId, new Vendor(new VendorId(vendorId), rs.getString("display_name"),
                    rs.getBoolean("suspended"), terms, open.get(vendorId)));
        }, EpochMicros.of(now));
        return new ArrayList<>(vendors.values());
    }

    Optional<RelationshipId> openRelationship(CustomerId customerId, VendorId vendorId) {
        return jdbc.queryForList("select relationship_id from directory_relationship where customer_id = ?"
                        + " and vendor_id = ? and open_pair is not null", String.class, customerId.value(),
                vendorId.value()).stream().findFirst().map(RelationshipId::new);
    }

    /** The relationship, only if it is this customer's. */
    Optional<Relationship> relationship(CustomerId customerId, RelationshipId relationshipId) {
        return jdbc.query("""
                select r.relationship_id, r.vendor_id, r.customer_ref, r.open_pair, r.opened_at_us, r.ended_at_us,
                    v.display_name, v.suspended
                from directory_relationship r join directory_vendor v on v.vendor_id = r.vendor_id
                where r.relationship_id = ? and r.customer_id = ?
                """, (rs, row) -> {
            long endedAt = rs.getLong("ended_at_us");
            Instant ended = rs.wasNull() ? null : EpochMicros.toInstant(endedAt);
            return new Relationship(new RelationshipId(rs.getString("relationship_id")),
                    new VendorId(rs.getString("vendor_id")), rs.getString("display_name"), rs.getBoolean("suspended"),
                    new CustomerRef(rs.getString("customer_ref")), rs.getString("open_pair") != null,
                    EpochMicros.toInstant(rs.getLong("opened_at_us")), ended);
        }, relationshipId.value(), customerId.value()).stream().findFirst();
    }
}
