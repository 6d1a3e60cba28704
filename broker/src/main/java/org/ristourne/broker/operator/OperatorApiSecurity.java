package org.ristourne.broker.operator;

import java.security.SecureRandom;
import java.util.Base64;
import org.ristourne.broker.web.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The operator API and the actuator: the operator's credentials (HTTP Basic over TLS in production), stateless, for
 * scripts. Public here: the health status (its components and details only for the operator, see application.yml)
 * with the liveness and readiness probes, and the info endpoint. Webhooks and pages: web.WebSecurity.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OperatorApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(OperatorApiSecurity.class);
    static final String ROLE = "OPERATOR";

    @Bean
    @Order(1)
    SecurityFilterChain operatorApi(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/operator/**", "/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().hasRole(ROLE))
                .httpBasic(Customizer.withDefaults())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(SecurityHeaders.api())
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new InProcessSecretEncoder();
    }

    @Bean
    UserDetailsService operators(OperatorProperties properties, PasswordEncoder encoder) {
        String password = properties.password();
        if (password.isBlank()) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            log.warn("RISTOURNE_OPERATOR_PASSWORD is not set: the operator API password for user '{}' is {} until "
                    + "this broker stops. Set the variable in any shared or production environment.",
                    properties.username(), password);
        }
        return new InMemoryUserDetailsManager(User.withUsername(properties.username())
                .password(encoder.encode(password)).roles(ROLE).build());
    }
}
