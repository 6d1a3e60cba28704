package org.ristourne.broker.see.catalogue;

import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.vendor.OfferPublished;
import org.ristourne.broker.api.vendor.OfferWithdrawn;
import org.ristourne.broker.support.EpochMicros;
import org.ristourne.ledger.money.Money;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The offers each vendor currently publishes. Customers read it only when they consult a vendor's offers.
 * Rebuildable from the event store ({@code POST /actuator/replay/catalogue}).
 */
@Component
@ProcessingGroup("catalogue")
public class CatalogueProjection {

    public record Offer(String offerId, String title, String description, @Nullable Money price) {
    }

    private final JdbcTemplate jdbc;

    CatalogueProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from catalogue_offer");
    }

    @EventHandler
    void on(OfferPublished event) {
        jdbc.update("""
                insert into catalogue_offer (vendor_id, offer_id, title, description, price_minor, price_currency,
                    published_at_us)
                values (?, ?, ?, ?, ?, ?, ?)
                """, event.vendorId().value(), event.offerId().value(), event.title(), event.description(),
                event.price() == null ? null : event.price().minorUnits(),
                event.price() == null ? null : event.price().currency().getCurrencyCode(),
                EpochMicros.of(event.publishedAt()));
    }

    @EventHandler
    void on(OfferWithdrawn event) {
        jdbc.update("delete from catalogue_offer where vendor_id = ? and offer_id = ?", event.vendorId().value(),
                event.offerId().value());
    }

    public List<Offer> offersOf(VendorId vendorId) {
        return jdbc.query("""
                select offer_id, title, description, price_minor, price_currency from catalogue_offer
                where vendor_id = ? order by published_at_us, offer_id
                """, (rs, row) -> {
            long minor = rs.getLong("price_minor");
            Money price = rs.wasNull() ? null : Money.of(minor, rs.getString("price_currency"));
            return new Offer(rs.getString("offer_id"), rs.getString("title"), rs.getString("description"), price);
        }, vendorId.value());
    }
}
