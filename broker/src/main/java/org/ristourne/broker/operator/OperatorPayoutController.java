package org.ristourne.broker.operator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.see.payouts.PayoutProjection;
import org.ristourne.broker.see.payouts.PayoutProjection.PayoutView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What became of payouts: those waiting on Stripe, those given up (their rebate payable again, the reason beside them,
 * to be checked in Stripe before paying by hand) and those settled. The saga's ERROR log says the same once; this list
 * keeps saying it.
 */
@RestController
class OperatorPayoutController {

    static final int MAX_LIMIT = 500;

    private final PayoutProjection payouts;

    OperatorPayoutController(PayoutProjection payouts) {
        this.payouts = payouts;
    }

    @GetMapping("/operator/payouts")
    List<Map<String, Object>> list(@RequestParam(required = false) @Nullable String state,
                                   @RequestParam(required = false) @Nullable String customerId,
                                   @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (customerId != null && (customerId.isBlank() || customerId.length() > 128)) {
            throw new IllegalArgumentException("customerId must be 1 to 128 characters");
        }
        return payouts.list(state(state), customerId, limit).stream().map(OperatorPayoutController::json).toList();
    }

    private static PayoutProjection.@Nullable State state(@Nullable String state) {
        if (state == null) {
            return null;
        }
        try {
            return PayoutProjection.State.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be one of " + List.of(PayoutProjection.State.values())
                    .toString().toLowerCase(Locale.ROOT) + ", got '" + truncate(state) + "'");
        }
    }

    private static Map<String, Object> json(PayoutView payout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("payoutId", payout.payoutId());
        body.put("customerId", payout.customerId());
        body.put("amount", Map.of("amount", payout.amount().minorUnits(),
                "currency", payout.amount().currency().getCurrencyCode()));
        body.put("state", payout.state().name().toLowerCase(Locale.ROOT));
        body.put("requestedAt", payout.requestedAt().toString());
        putIfPresent(body, "settledAt", payout.settledAt());
        putIfPresent(body, "abandonedAt", payout.abandonedAt());
        putIfPresent(body, "failedAt", payout.failedAt());
        putIfPresent(body, "reason", payout.reason());
        return body;
    }

    private static void putIfPresent(Map<String, Object> body, String key, @Nullable Object value) {
        if (value != null) {
            body.put(key, value.toString());
        }
    }

    private static String truncate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
