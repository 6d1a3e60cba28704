package org.ristourne.billing.standin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in's own behaviour, over plain HTTP, for what broker tests will rely on beyond the credit. */
class StripeStandInTest {

    private final StripeStandIn stripe = StripeStandIn.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        stripe.close();
    }

    @Test
    void repeatedKeyReplaysTheFirstAnswerAndCreatesNothingMore() throws Exception {
        stripe.givenCustomer("cus_anna");

        HttpResponse<String> first = post("/v1/customers/cus_anna/balance_transactions", "amount=-5&currency=eur", "k1");
        HttpResponse<String> again = post("/v1/customers/cus_anna/balance_transactions", "amount=-5&currency=eur", "k1");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(stripe.balanceTransactions("cus_anna")).hasSize(1);
    }

    @Test
    void repeatedKeyWithOtherParametersIsAnIdempotencyError() throws Exception {
        stripe.givenCustomer("cus_anna");
        post("/v1/customers/cus_anna/balance_transactions", "amount=-5&currency=eur", "k1");

        HttpResponse<String> other = post("/v1/customers/cus_anna/balance_transactions", "amount=-6&currency=eur", "k1");

        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(error(other).get("type").getAsString()).isEqualTo("idempotency_error");
    }

    @Test
    void failuresToldForTheNextRequestsEndAfterThem() throws Exception {
        stripe.givenCustomer("cus_anna");
        stripe.answerNext(2, "GET", 503);

        assertThat(get("/v1/customers/cus_anna").statusCode()).isEqualTo(503);
        assertThat(get("/v1/customers/cus_anna").statusCode()).isEqualTo(503);
        assertThat(get("/v1/customers/cus_anna").statusCode()).isEqualTo(200);
    }

    @Test
    void listIsNewestFirstAndPages() throws Exception {
        stripe.givenCustomer("cus_anna");
        String oldest = stripe.givenBalanceTransaction("cus_anna", -1, "eur", Map.of()).get("id").getAsString();
        String middle = stripe.givenBalanceTransaction("cus_anna", -2, "eur", Map.of()).get("id").getAsString();
        String newest = stripe.givenBalanceTransaction("cus_anna", -3, "eur", Map.of()).get("id").getAsString();

        JsonObject page = json(get("/v1/customers/cus_anna/balance_transactions?limit=2"));
        JsonObject next = json(get("/v1/customers/cus_anna/balance_transactions?limit=2&starting_after=" + middle));

        assertThat(page.getAsJsonArray("data").asList()).extracting(t -> t.getAsJsonObject().get("id").getAsString())
                .containsExactly(newest, middle);
        assertThat(page.get("has_more").getAsBoolean()).isTrue();
        assertThat(next.getAsJsonArray("data").asList()).extracting(t -> t.getAsJsonObject().get("id").getAsString())
                .containsExactly(oldest);
        assertThat(next.get("has_more").getAsBoolean()).isFalse();
    }

    @Test
    void invoiceItemsListOfACustomerIsFilteredByPendingAndNewestFirst() throws Exception {
        stripe.givenCustomer("cus_vendor");
        stripe.givenCustomer("cus_other");
        String draft = id(post("/v1/invoices", "customer=cus_vendor&currency=eur", "k1"));
        String attached = id(post("/v1/invoiceitems",
                "customer=cus_vendor&amount=5&currency=eur&invoice=" + draft, "k2"));
        String older = id(post("/v1/invoiceitems", "customer=cus_vendor&amount=6&currency=eur", "k3"));
        String newer = id(post("/v1/invoiceitems", "customer=cus_vendor&amount=7&currency=eur", "k4"));
        post("/v1/invoiceitems", "customer=cus_other&amount=8&currency=eur", "k5");

        assertThat(ids(get("/v1/invoiceitems?customer=cus_vendor&pending=true"))).containsExactly(newer, older);
        assertThat(ids(get("/v1/invoiceitems?customer=cus_vendor&invoice=" + draft))).containsExactly(attached);
        assertThat(ids(get("/v1/invoiceitems?customer=cus_vendor"))).containsExactly(newer, older, attached);
        assertThat(ids(get("/v1/invoices?customer=cus_vendor"))).containsExactly(draft);
        assertThat(ids(get("/v1/invoices?customer=cus_other"))).isEmpty();
    }

    @Test
    void invoiceSentByEmailNeedsACustomerWithAnEmail() throws Exception {
        stripe.givenCustomer("cus_vendor", null);

        HttpResponse<String> refused = post("/v1/invoices",
                "customer=cus_vendor&currency=eur&collection_method=send_invoice&due_date=1900000000", "k1");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(error(refused).get("message").getAsString()).startsWith("Missing email.");
        assertThat(stripe.invoices("cus_vendor")).isEmpty();
    }

    @Test
    void onlyAFinalizedInvoiceIsSentAndPaidWithItsDueDateKept() throws Exception {
        stripe.givenCustomer("cus_vendor");
        String invoice = id(post("/v1/invoices",
                "customer=cus_vendor&currency=eur&collection_method=send_invoice&due_date=1900000000", "k1"));
        post("/v1/invoiceitems", "customer=cus_vendor&amount=1200&currency=eur&invoice=" + invoice, "k2");

        assertThat(post("/v1/invoices/" + invoice + "/send", "", "k3").statusCode()).isEqualTo(400);
        post("/v1/invoices/" + invoice + "/finalize", "", "k4");
        assertThat(post("/v1/invoices/" + invoice + "/send", "", "k5").statusCode()).isEqualTo(200);
        JsonObject paid = stripe.markPaid(invoice);

        assertThat(stripe.timesSent(invoice)).isEqualTo(1);
        assertThat(paid.get("status").getAsString()).isEqualTo("paid");
        assertThat(paid.get("amount_paid").getAsLong()).isEqualTo(1200);
        assertThat(paid.get("amount_remaining").getAsLong()).isZero();
        assertThat(paid.get("due_date").getAsLong()).isEqualTo(1900000000L);
        assertThat(paid.getAsJsonObject("status_transitions").get("paid_at").isJsonNull()).isFalse();
    }

    @Test
    void unknownUrlIsAStripeShaped404() throws Exception {
        HttpResponse<String> response = get("/v1/payment_links/plink_1");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).get("message").getAsString()).contains("Unrecognized request URL");
    }

    @Test
    void everyRequestIsRecordedWithItsDecodedParameters() throws Exception {
        stripe.givenCustomer("cus_anna");
        post("/v1/customers/cus_anna/balance_transactions", "amount=-5&currency=eur&metadata%5Bpayout_id%5D=p%201",
                "k1");

        assertThat(stripe.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1/customers/cus_anna/balance_transactions");
            assertThat(r.params()).containsEntry("metadata[payout_id]", "p 1").containsEntry("amount", "-5");
            assertThat(r.idempotencyKey()).isEqualTo("k1");
        });
    }

    private HttpResponse<String> post(String path, String form, String key) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(stripe.baseUrl().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(stripe.baseUrl() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String id(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response).get("id").getAsString();
    }

    private static List<String> ids(HttpResponse<String> list) {
        return json(list).getAsJsonArray("data").asList().stream()
                .map(o -> o.getAsJsonObject().get("id").getAsString()).toList();
    }

    private static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static JsonObject error(HttpResponse<String> response) {
        return json(response).getAsJsonObject("error");
    }
}
