package org.ristourne.broker.api.vendor;

import org.ristourne.broker.api.Agreement;
import org.ristourne.broker.api.VendorId;

public record AgreementAdopted(VendorId vendorId, Agreement agreement) {
}
