package org.ristourne.broker.report.vendorwebhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ristourne.support.SigningVendor;

/**
 * Every input of the webhook at its documented limit is accepted, and one step past it is refused before anything
 * touches the database: a 400 naming the header or field (a path that cannot be a vendor id is simply not found),
 * and not one row changed.
 */
abstract class VendorWebhookLimitsIntegrationTest extends VendorWebhookTestSupport {

    static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    enum Input {
        VENDOR_ID_PATH(404, "unknown-vendor", "vendor"),
        WEBHOOK_ID(400, "malformed-header", "webhook-id"),
        WEBHOOK_TIMESTAMP(400, "malformed-header", "webhook-timestamp"),
        WEBHOOK_SIGNATURE(400, "malformed-header", "webhook-signature"),
        SALE_ID(400, "malformed-report", "data.saleId"),
        CUSTOMER_REF(400, "malformed-report", "data.customerRef"),
        CURRENCY(400, "malformed-report", "data.currency"),
        AMOUNT(400, "malformed-report", "data.amount"),
        MARGIN(400, "malformed-report", "data.margin"),
        LINE_COUNT(400, "malformed-report", "data.lines"),
        LINE_DESCRIPTION(400, "malformed-report", "data.lines[0].description"),
        LINE_QUANTITY(400, "malformed-report", "data.lines[0].quantity"),
        LINE_AMOUNT(400, "malformed-report", "data.lines[0].amount"),
        REFUND_ID(400, "malformed-report", "data.refundId"),
        REFUND_AMOUNT(400, "malformed-report", "data.amount");

        final int status;
        final String problemType;
        final String named;

        Input(int status, String problemType, String named) {
            this.status = status;
            this.problemType = problemType;
            this.named = named;
        }
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void inputAtItsLimitIsAccepted(Input input) {
        reportTheSaleARefundNeeds(input);
        HttpResponse<String> response = send(input, 0);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @ParameterizedTest
    @EnumSource(Input.class)
    void inputJustPastItsLimitIsRefusedNamingItWithoutTrace(Input input) {
        reportTheSaleARefundNeeds(input);
        HttpResponse<String> response = assertRefusedWithoutTrace(input.status, input.problemType,
                () -> send(input, 1));
        assertThat(response.body()).contains(input.named);
    }

    private void reportTheSaleARefundNeeds(Input input) {
        if (input == Input.REFUND_ID || input == Input.REFUND_AMOUNT) {
            HttpResponse<String> sale = vendor.send(sale(input, customer.customerRef(), "EUR", MAX_AMOUNT, 0,
                    line("Boots", 1, MAX_AMOUNT)));
            assertThat(sale.statusCode()).as(sale.body()).isEqualTo(202);
        }
    }

    private String sale(Input input, String customerRef, String currency, long amount, long margin, String lines) {
        return saleWithLines(saleIdFor(input), customerRef, currency, amount, margin, Instant.now(), lines);
    }

    private static String saleIdFor(Input input) {
        return "ord_" + input.name().toLowerCase();
    }

    /** Sends a report whose given input is {@code beyond} characters or units past its limit, all else valid. */
    private HttpResponse<String> send(Input input, int beyond) {
        String saleId = saleIdFor(input);
        String ref = customer.customerRef();
        long now = Instant.now().getEpochSecond();
        String body = sale(input, ref, "EUR", 10_000, 1_000, line("Boots", 1, 10_000));
        return switch (input) {
            case VENDOR_ID_PATH -> {
                String vendorId = "v" + UUID.randomUUID().toString().replace("-", "").substring(0, 8)
                        + "-".repeat(62 - 9 + beyond) + "x";
                if (beyond == 0) {
                    SigningVendor longest = new SigningVendor(baseUrl(), vendorId,
                            operator.onboardVendor(vendorId, 2000, 2500, 14));
                    yield longest.send(sale(input, operator.subscribedCustomerOf(vendorId).customerRef(), "EUR",
                            10_000, 1_000, line("Boots", 1, 10_000)));
                }
                yield new SigningVendor(baseUrl(), vendorId, secret).send(body);
            }
            case WEBHOOK_ID -> vendor.send(padded("msg_" + UUID.randomUUID(), 128 + beyond), body);
            case WEBHOOK_TIMESTAMP -> {
                String id = SigningVendor.newWebhookId();
                yield vendor.send(id, "0".repeat(20 + beyond - Long.toString(now).length()) + now,
                        SigningVendor.sign(secret, id, now, body), body);
            }
            case WEBHOOK_SIGNATURE -> {
                String id = SigningVendor.newWebhookId();
                String valid = SigningVendor.sign(secret, id, now, body);
                yield vendor.send(id, Long.toString(now),
                        valid + " " + padded("v1,", 1024 + beyond - valid.length() - 1), body);
            }
            case SALE_ID -> vendor.send(sale(padded("ord_", 128 + beyond), 10_000, 1_000L));
            // Shorter unknown refs and currencies are rules' refusals (422, reportsThatBreakARuleAre422): past the
            // length limit they cannot be either, and are refused as malformed.
            case CUSTOMER_REF -> vendor.send(sale(input, beyond == 0 ? ref : padded(ref, 128 + beyond), "EUR",
                    10_000, 1_000, line("Boots", 1, 10_000)));
            case CURRENCY -> vendor.send(sale(input, ref, beyond == 0 ? "EUR" : padded("EUR", 16 + beyond), 10_000,
                    1_000, line("Boots", 1, 10_000)));
            case AMOUNT -> vendor.send(sale(input, ref, "EUR", MAX_AMOUNT + beyond, 1_000, line("Boots", 1, 1)));
            case MARGIN -> vendor.send(sale(input, ref, "EUR", MAX_AMOUNT, MAX_AMOUNT + beyond, line("Boots", 1, 1)));
            case LINE_COUNT -> vendor.send(sale(input, ref, "EUR", 10_000, 1_000, IntStream.range(0, 500 + beyond)
                    .mapToObj(i -> line("Item " + i, 1, 20)).collect(Collectors.joining(","))));
            case LINE_DESCRIPTION -> vendor.send(sale(input, ref, "EUR", 10_000, 1_000,
                    line("d".repeat(500 + beyond), 1, 10_000)));
            case LINE_QUANTITY -> vendor.send(sale(input, ref, "EUR", 10_000, 1_000,
                    line("Boots", 1_000_000 + beyond, 10_000)));
            case LINE_AMOUNT -> vendor.send(sale(input, ref, "EUR", 10_000, 1_000,
                    line("Boots", 1, MAX_AMOUNT + beyond)));
            case REFUND_ID -> vendor.send(SigningVendor.saleRefunded(saleId, padded("rf_", 128 + beyond), 100,
                    Instant.now()));
            case REFUND_AMOUNT -> vendor.send(SigningVendor.saleRefunded(saleId, "rf_1", MAX_AMOUNT + beyond,
                    Instant.now()));
        };
    }

    private static String padded(String prefix, int length) {
        return prefix + "x".repeat(length - prefix.length());
    }
}
