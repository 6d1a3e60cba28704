package org.ristourne.broker.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.yaml.snakeyaml.Yaml;

/** The OpenAPI document served at /openapi.yaml and the controllers describe the same operations, no more, no less. */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final String[] CONTROLLERS = {
            "org.ristourne.broker.operator.OperatorVendorController",
            "org.ristourne.broker.operator.OperatorCustomerController",
            "org.ristourne.broker.operator.OperatorCheckoutController",
            "org.ristourne.broker.operator.OperatorVendorInvoiceController",
            "org.ristourne.broker.operator.OperatorPayoutController",
            "org.ristourne.broker.operator.OperatorConnectedAccountController",
            "org.ristourne.broker.operator.OperatorAccountController",
            "org.ristourne.broker.report.vendorwebhook.VendorWebhookController",
            "org.ristourne.broker.subscribe.stripewebhook.StripeWebhookController"};

    @Test
    @SuppressWarnings("unchecked")
    void documentAndControllersListTheSameOperations() throws Exception {
        Map<String, Object> document;
        try (InputStream in = getClass().getResourceAsStream("/static/openapi.yaml")) {
            assertThat(in).as("openapi.yaml on the classpath").isNotNull();
            document = new Yaml().load(in);
        }
        assertThat((String) document.get("openapi")).startsWith("3.");

        Set<String> documented = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) ->
                operations.keySet().stream().filter(HTTP_METHODS::contains)
                        .forEach(method -> documented.add(method.toUpperCase() + " " + path)));

        Set<String> implemented = new TreeSet<>();
        for (String name : CONTROLLERS) {
            Class<?> controller = Class.forName(name);
            RequestMapping base = AnnotatedElementUtils.findMergedAnnotation(controller, RequestMapping.class);
            String prefix = base == null || base.path().length == 0 ? "" : base.path()[0];
            for (Method method : controller.getDeclaredMethods()) {
                RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                String path = prefix + (mapping.path().length == 0 ? "" : mapping.path()[0]);
                for (var verb : mapping.method()) {
                    implemented.add(verb.name() + " " + path);
                }
            }
        }

        assertThat(implemented).as("controllers").isNotEmpty();
        assertThat(documented).isEqualTo(implemented);
    }
}
