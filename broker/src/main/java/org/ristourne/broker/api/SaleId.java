package org.ristourne.broker.api;

/**
 * A sale as its vendor identifies it. Vendors choose their own sale ids, so the vendor is part of the identity; the
 * aggregate identifier is {@code vendorId/vendorSaleId}, unambiguous because a vendor id never contains a slash.
 */
public record SaleId(VendorId vendorId, String vendorSaleId) {

    public SaleId {
        Ids.require("saleId", vendorSaleId, Ids.TOKEN);
    }

    @Override
    public String toString() {
        return vendorId.value() + "/" + vendorSaleId;
    }
}
