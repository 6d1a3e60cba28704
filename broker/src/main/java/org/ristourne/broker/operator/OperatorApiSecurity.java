package org.ristourne.broker.operator;

import org.ristourne.broker.operator.accounts.OperatorPrincipal;
import org.ristourne.broker.operator.accounts.OperatorSignIns;
import org.ristourne.broker.operator.accounts.ThrottledBasicSignIns;
import org.ristourne.broker.subscribe.account.SignInThrottle;
import org.ristourne.broker.web.SecurityHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The operator API and the actuator: each operator's own name and password (operator.accounts; HTTP Basic over TLS
 * in production), stateless, for scripts; failed sign-ins throttled per address (429) and per account (401) as on the
 * page form. Public here: the health status (its components and details only for the operator, see application.yml)
 * with the liveness and readiness probes, and the info endpoint. Webhooks and pages: web.WebSecurity.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OperatorApiSecurity {

    static final String ROLE = OperatorPrincipal.ROLE;

    @Bean
    @Order(1)
    SecurityFilterChain operatorApi(HttpSecurity http, OperatorSignIns signIns, SignInThrottle throttle)
            throws Exception {
        return http
                .securityMatcher("/operator/**", "/actuator/**")
                .authenticationManager(signIns.basicAuthentication())
                .addFilterBefore(new ThrottledBasicSignIns(throttle), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyRequest().hasRole(ROLE))
                .httpBasic(Customizer.withDefaults())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(SecurityHeaders.api())
                .build();
    }

    /**
     * The operators, from operator_account. Also keeps Spring Boot from making up a user of its own, whose password
     * it would log.
     */
    @Bean
    UserDetailsService operators(OperatorSignIns signIns) {
        return signIns.userDetails();
    }
}
