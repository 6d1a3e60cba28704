package org.ristourne;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The broker application. It sits in the root package so that component, entity and repository scanning cover all
 * three modules (ledger, billing, broker) without listing them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RistourneApplication {

    public static void main(String[] args) {
        // Axon 4.13 phones home at start-up unless told not to; a broker must not make unexpected outbound calls.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(RistourneApplication.class, args);
    }
}
