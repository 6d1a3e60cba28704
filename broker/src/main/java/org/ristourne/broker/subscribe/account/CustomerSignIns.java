package org.ristourne.broker.subscribe.account;

import java.time.Clock;
import org.ristourne.broker.api.CustomerId;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * How customers sign in: email and password checked against customer_account. Deliberately not a
 * {@link UserDetailsService} bean: the operator API's HTTP Basic keeps Spring Boot's single user store, and the pages
 * get this one of their own (web.PageSignIns).
 *
 * <p>Passwords are hashed by a {@code DelegatingPasswordEncoder} (bcrypt today, its id stored with each hash), so a
 * stronger algorithm can be adopted later and old hashes still check. A locked account is refused before its password
 * is compared, so guessing costs nothing while the lock lasts.
 */
@Component
public class CustomerSignIns {

    private final CustomerAccounts accounts;
    private final Clock clock;
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final DaoAuthenticationProvider provider;

    CustomerSignIns(CustomerAccounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
        this.provider = new DaoAuthenticationProvider(userDetails());
        provider.setPasswordEncoder(passwords);
    }

    /** Checks customers' email and password; web.PageSignIns puts it beside the vendor users' and the operator's. */
    public AuthenticationProvider provider() {
        return provider;
    }

    String hash(String password) {
        return passwords.encode(password);
    }

    public void failed(String email) {
        if (email != null && !email.isBlank()) {
            accounts.recordFailure(email, clock.instant());
        }
    }

    public void succeeded(CustomerId customerId) {
        accounts.recordSuccess(customerId);
    }

    CustomerPrincipal principalOf(CustomerAccount account) {
        return new CustomerPrincipal(account, !account.isLockedAt(clock.instant()));
    }

    private UserDetailsService userDetails() {
        return email -> accounts.byEmail(email).map(this::principalOf)
                .orElseThrow(() -> new UsernameNotFoundException("no customer account for this email"));
    }
}
