package org.ristourne.broker.subscribe.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.customer.RegisterCustomer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A new customer: their account row and their {@code CustomerRegistered} event in one transaction (Axon joins it), so
 * there is never an account without a customer or the reverse. The event carries the id and the time only.
 */
@Service
public class SignUp {

    /** What the form may hold; each refusal names its field and a message code. */
    public record Form(String displayName, String email, String password) {

        /** Never the password: a record's own toString would put it in any log line or message that names it. */
        @Override
        public String toString() {
            return "Form[" + displayName + ", " + email + "]";
        }
    }

    public record Refusal(String field, String messageCode) {
    }

    public static final class Refused extends RuntimeException {
        private final List<Refusal> refusals;

        Refused(List<Refusal> refusals) {
            super("sign-up refused: " + refusals);
            this.refusals = List.copyOf(refusals);
        }

        public List<Refusal> refusals() {
            return refusals;
        }
    }

    static final int MIN_PASSWORD = 10;
    /** bcrypt reads 72 bytes at most: a longer password would pass with only its start. */
    static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");

    private final CustomerAccounts accounts;
    private final CustomerSignIns signIns;
    private final CommandGateway commands;
    private final Clock clock;

    SignUp(CustomerAccounts accounts, CustomerSignIns signIns, CommandGateway commands, Clock clock) {
        this.accounts = accounts;
        this.signIns = signIns;
        this.commands = commands;
        this.clock = clock;
    }

    @Transactional
    public CustomerAccount signUp(Form form) {
        List<Refusal> refusals = check(form);
        if (!refusals.isEmpty()) {
            throw new Refused(refusals);
        }
        if (accounts.usedByVendorUser(form.email())) {
            // One sign-in form, one kind of account per email.
            throw new Refused(List.of(new Refusal("email", "signup.email.taken")));
        }
        CustomerId customerId = CustomerId.random();
        try {
            accounts.insert(customerId, form.email(), form.displayName(), signIns.hash(form.password()),
                    clock.instant());
        } catch (DuplicateKeyException taken) {
            throw new Refused(List.of(new Refusal("email", "signup.email.taken")));
        }
        commands.sendAndWait(new RegisterCustomer(customerId, clock.instant()));
        return accounts.byCustomer(customerId).orElseThrow();
    }

    static List<Refusal> check(Form form) {
        List<Refusal> refusals = new ArrayList<>();
        String name = form.displayName() == null ? "" : form.displayName().strip();
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            refusals.add(new Refusal("displayName", "signup.name.invalid"));
        }
        String email = form.email() == null ? "" : CustomerAccounts.normalizedEmail(form.email());
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            refusals.add(new Refusal("email", "signup.email.invalid"));
        }
        String password = form.password() == null ? "" : form.password();
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD) {
            refusals.add(new Refusal("password", "signup.password.short"));
        } else if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            refusals.add(new Refusal("password", "signup.password.long"));
        }
        return refusals;
    }
}
