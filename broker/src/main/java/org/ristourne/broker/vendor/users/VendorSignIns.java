package org.ristourne.broker.vendor.users;

import java.time.Clock;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** How vendor users sign in, on the same form as customers (web.PageSignIns): as subscribe.account.CustomerSignIns. */
@Component
public class VendorSignIns {

    private final VendorUsers users;
    private final Clock clock;
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final DaoAuthenticationProvider provider;

    VendorSignIns(VendorUsers users, Clock clock) {
        this.users = users;
        this.clock = clock;
        this.provider = new DaoAuthenticationProvider(userDetails());
        provider.setPasswordEncoder(passwords);
    }

    public AuthenticationProvider provider() {
        return provider;
    }

    public String hash(String password) {
        return passwords.encode(password);
    }

    public boolean matches(String password, String hash) {
        return passwords.matches(password, hash);
    }

    public void failed(String email) {
        if (email != null && !email.isBlank()) {
            users.recordFailure(email, clock.instant());
        }
    }

    public void succeeded(VendorPrincipal user) {
        users.recordSuccess(user.userId());
    }

    private UserDetailsService userDetails() {
        return email -> users.byEmail(email)
                .map(user -> new VendorPrincipal(user, !user.isLockedAt(clock.instant())))
                .orElseThrow(() -> new UsernameNotFoundException("no vendor user for this email"));
    }
}
