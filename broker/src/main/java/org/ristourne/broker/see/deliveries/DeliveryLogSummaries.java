package org.ristourne.broker.see.deliveries;

import java.time.Instant;
import java.util.List;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.report.deliverylog.VendorDeliveryLog;
import org.ristourne.broker.see.vendorconsole.RecentDeliveries;
import org.springframework.stereotype.Component;

/**
 * Gives the console's health panel the refusals only the delivery log can count: a refused report leaves no event and
 * no intake row. Most frequent problem type first.
 */
@Component
class DeliveryLogSummaries implements RecentDeliveries {

    private final VendorDeliveryLog log;

    DeliveryLogSummaries(VendorDeliveryLog log) {
        this.log = log;
    }

    @Override
    public Summary since(VendorId vendorId, Instant since) {
        VendorDeliveryLog.Counts counts = log.countsSince(vendorId, since);
        List<Reason> reasons = counts.refusedByProblemType().entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .map(entry -> new Reason(entry.getKey(), entry.getValue()))
                .toList();
        return new Summary(counts.signed(), counts.refused(), reasons);
    }
}
