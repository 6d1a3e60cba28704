package org.ristourne.broker.see.deliveries;

import jakarta.servlet.http.HttpServletRequest;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.report.deliverylog.DeliveryLogProperties;
import org.ristourne.broker.report.deliverylog.VendorDeliveryLog;
import org.ristourne.broker.vendor.users.VendorPrincipal;
import org.ristourne.broker.web.PageFormats;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The vendor's delivery log, newest first, filtered by outcome with a plain form; and the test-send button, whose
 * answer is shown above the log that now holds it. The vendor is always the signed-in user's; the log holds only
 * what the vendor itself sent (its customerRefs at most, never a customer's identity).
 */
@Controller
class VendorDeliveriesPage {

    /** The page shows this many of the newest rows; the log itself keeps up to its per-vendor bound. */
    static final int SHOWN = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    record Row(String time, String isoTime, String webhookId, String eventType, String outcome, int httpStatus,
               @Nullable String problemType, @Nullable String detail, boolean testSend) {
    }

    private final VendorDeliveryLog deliveries;
    private final TestSend testSend;
    private final PageFormats formats;
    private final DeliveryLogProperties properties;

    VendorDeliveriesPage(VendorDeliveryLog deliveries, TestSend testSend, PageFormats formats,
                         DeliveryLogProperties properties) {
        this.deliveries = deliveries;
        this.testSend = testSend;
        this.formats = formats;
        this.properties = properties;
    }

    @GetMapping("/vendor/deliveries")
    String deliveries(@AuthenticationPrincipal VendorPrincipal vendor,
                      @RequestParam(required = false) @Nullable String outcome, Model model) {
        // an outcome the form does not offer shows everything, as the form's "all" does
        VendorDeliveryLog.Outcome filter = VendorDeliveryLog.Outcome.ofCode(outcome);
        model.addAttribute("outcome", filter == null ? "" : filter.code());
        model.addAttribute("outcomes", List.of(VendorDeliveryLog.Outcome.values()).stream()
                .map(VendorDeliveryLog.Outcome::code).toList());
        model.addAttribute("rows", deliveries.newest(vendor.vendorId(), filter, SHOWN).stream().map(this::row)
                .toList());
        model.addAttribute("shown", SHOWN);
        model.addAttribute("keepPerVendor", properties.keepPerVendor());
        model.addAttribute("keepDays", properties.keepFor().toDays());
        model.addAttribute("zone", formats.zone().getId());
        return "vendor-deliveries";
    }

    @PostMapping("/vendor/test-send")
    String testSend(@AuthenticationPrincipal VendorPrincipal vendor, HttpServletRequest request, Model model) {
        // This broker's own connector, as the request reached it: a public URL in front of it may not be reachable
        // from inside, nor route back to this very node.
        String self = "http://127.0.0.1:" + request.getLocalPort() + request.getContextPath();
        TestSend.Result result = testSend.send(vendor.vendorId(), self);
        model.addAttribute("testSend", result);
        model.addAttribute("noSecret", result == null);
        return deliveries(vendor, null, model);
    }

    private Row row(VendorDeliveryLog.Delivery delivery) {
        return new Row(TIME.format(delivery.receivedAt().atZone(formats.zone())), delivery.receivedAt().toString(),
                delivery.webhookId(), delivery.eventType(), delivery.outcome().code(), delivery.httpStatus(),
                delivery.problemType(), delivery.detail(), delivery.webhookId().startsWith(TestSend.WEBHOOK_ID_PREFIX));
    }
}
