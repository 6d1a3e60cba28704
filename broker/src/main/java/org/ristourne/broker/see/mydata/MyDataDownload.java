package org.ristourne.broker.see.mydata;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.ristourne.broker.subscribe.account.CustomerPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /account/data.json}: everything Ristourne holds about the signed-in customer, as an attachment no cache
 * keeps. Only ever the signed-in customer's own: the URL names nobody.
 */
@Controller
class MyDataDownload {

    private static final Logger log = LoggerFactory.getLogger(MyDataDownload.class);

    private final CustomerDataReads reads;
    private final JsonMapper json;
    private final Clock clock;

    MyDataDownload(CustomerDataReads reads, JsonMapper json, Clock clock) {
        this.reads = reads;
        this.json = json.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
        this.clock = clock;
    }

    @GetMapping(value = "/account/data.json")
    ResponseEntity<byte[]> download(@AuthenticationPrincipal CustomerPrincipal customer) {
        CustomerData data = reads.of(customer.customerId());
        byte[] body = json.writeValueAsBytes(data);
        // Who downloaded their data and when, for the record a data protection request may ask for; never the data.
        log.info("Customer {} downloaded their data ({} relationships, {} sales, {} bytes)", customer.customerId(),
                data.relationships().size(), data.sales().size(), body.length);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("ristourne-my-data-" + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".json")
                        .build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }
}
