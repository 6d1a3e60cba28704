package org.ristourne.broker.vendor.users;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.directory.BrokerDirectory;
import org.ristourne.broker.subscribe.account.CustomerAccounts;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator creates a vendor's users. Each gets a random first password, shown once to the operator to hand over,
 * which the user then changes in the console; only its hash is kept.
 */
@Service
public class VendorUserAccounts {

    public record Created(String userId, String email, String initialPassword) {

        /** Never the password: a record's own toString would put it in any log line or message that names it. */
        @Override
        public String toString() {
            return "Created[" + userId + ", " + email + "]";
        }
    }

    /** Why a vendor user was not created: the vendor is unknown, the email is malformed or already signs in. */
    public static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String detail) {
            super(detail);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.regex.Pattern EMAIL =
            java.util.regex.Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");

    private final VendorUsers users;
    private final VendorSignIns signIns;
    private final CustomerAccounts customers;
    private final BrokerDirectory directory;
    private final Clock clock;

    VendorUserAccounts(VendorUsers users, VendorSignIns signIns, CustomerAccounts customers,
                       BrokerDirectory directory, Clock clock) {
        this.users = users;
        this.signIns = signIns;
        this.customers = customers;
        this.directory = directory;
        this.clock = clock;
    }

    @Transactional
    public Created create(VendorId vendorId, String email, String displayName) {
        if (directory.vendor(vendorId).isEmpty()) {
            throw new Refused("unknown-vendor", "no vendor " + vendorId);
        }
        String normalized = email == null ? "" : CustomerAccounts.normalizedEmail(email);
        if (normalized.length() > 254 || !EMAIL.matcher(normalized).matches()) {
            throw new Refused("invalid-email", "not an email address: " + email);
        }
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            throw new Refused("invalid-name", "a name is 1 to 200 printable characters");
        }
        if (customers.byEmail(normalized).isPresent()) {
            throw new Refused("email-in-use", "this email signs in as a customer; one kind of account per email");
        }
        String password = newPassword();
        String userId = "vu-" + UUID.randomUUID();
        try {
            users.insert(userId, vendorId, normalized, name, signIns.hash(password), clock.instant());
        } catch (DuplicateKeyException taken) {
            throw new Refused("email-in-use", "a vendor user already signs in with this email");
        }
        return new Created(userId, normalized, password);
    }

    /** The user's own new password, after their current one is checked. */
    @Transactional
    public boolean changePassword(String userId, String currentPassword, String newPassword) {
        VendorUser user = users.byId(userId).orElseThrow();
        if (!signIns.matches(currentPassword, user.passwordHash())) {
            return false;
        }
        users.changePassword(userId, signIns.hash(newPassword));
        return true;
    }

    private static String newPassword() {
        byte[] random = new byte[15];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
