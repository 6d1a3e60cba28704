package org.ristourne.support.browser;

import org.ristourne.billing.standin.StripeStandIn;
import org.ristourne.support.OnH2;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.StripeStandInProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application every browser test class drives: one Spring context on H2 for all of them (same configuration, so
 * Spring's cache starts it once), with billing's Stripe stand-in over HTTP and short deadlines, so a walk from
 * sign-up to a credited rebate takes seconds.
 */
@InChromium
@OnH2
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=browser", "ristourne.operator.password=" + OperatorClient.PASSWORD,
        "ristourne.stripe.subscription-price-id=" + StripeStandIn.PRICE_ID,
        "ristourne.deadlines.polling-interval=1s", "ristourne.payback.first-retry-delay=1s",
        "ristourne.payback.max-retry-delay=2s", "ristourne.payback.minimum-payout.EUR=5.00",
        "ristourne.payback.vendor-invoicing.schedule=-"})
public abstract class BrowserTestContext {

    /** Never stopped: the cached context keeps pointing at it until the JVM ends. */
    protected static final StripeStandIn STRIPE = StripeStandIn.start();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        StripeStandInProperties.register(registry, STRIPE);
        registry.add("ristourne.stripe.read-timeout", () -> "15s");
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
