package org.ristourne.broker.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether the broker seeds demonstration data at start-up ({@code RISTOURNE_DEMO=true}). Off by default: the data
 * includes a customer account whose password is in the README, which must never exist on a real deployment.
 */
@ConfigurationProperties("ristourne.demo")
public record DemoProperties(@DefaultValue("false") boolean enabled) {
}
