package org.ristourne.broker.vendor;

/**
 * What Ristourne accepts as a vendor's billing email before handing it to Stripe: one address, not a list, nothing
 * that could smuggle a header or a second recipient. Stripe checks deliverability itself; this only keeps obvious
 * mistakes and hostile input out of the event store.
 */
public final class BillingEmails {

    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_PART = 64;

    private BillingEmails() {
    }

    public static boolean isPlausible(String email) {
        if (email.length() < 3 || email.length() > MAX_LENGTH) {
            return false;
        }
        int at = email.indexOf('@');
        if (at < 1 || at != email.lastIndexOf('@') || at > MAX_LOCAL_PART) {
            return false;
        }
        String domain = email.substring(at + 1);
        if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".") || !domain.contains(".")
                || domain.contains("..")) {
            return false;
        }
        for (int i = 0; i < email.length(); i++) {
            char c = email.charAt(i);
            if (c <= ' ' || c >= 0x7f || ",;<>()[]\\\"".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
