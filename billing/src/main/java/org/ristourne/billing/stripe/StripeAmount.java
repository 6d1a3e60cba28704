package org.ristourne.billing.stripe;

import java.util.Locale;
import java.util.Set;
import org.ristourne.ledger.money.Money;

/**
 * The one place a {@link Money} becomes a Stripe amount: a currency code in lowercase and an integer in Stripe's
 * unit for that currency. Where Stripe's unit is the ISO 4217 minor unit the number passes unchanged; where Stripe
 * counts otherwise, or adds a rule the amount breaks, the amount is refused rather than converted, so nothing is
 * ever rounded or rescaled silently on its way to Stripe.
 *
 * <p>Stripe's rules (docs.stripe.com/currencies): zero-decimal currencies take whole units; the three-decimal
 * currencies take thousandths whose last digit must be 0; all others take hundredths. ISK is a two-decimal currency
 * in Stripe's API although ISO gives it none, MGA is zero-decimal in Stripe although ISO gives it two, and UGX has
 * special backwards-compatibility rules: these three are refused until someone needs them and verifies them.
 */
public record StripeAmount(long value, String currency) {

    private static final Set<String> ZERO_DECIMAL = Set.of(
            "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF",
            "XPF");
    private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");
    private static final Set<String> SPECIAL_CASES = Set.of("ISK", "MGA", "UGX");

    /** @throws UnsupportedStripeAmount when Stripe cannot take this amount exactly as the ledger holds it */
    public static StripeAmount of(Money money) {
        String code = money.currency().getCurrencyCode();
        if (SPECIAL_CASES.contains(code)) {
            throw new UnsupportedStripeAmount(money, "Stripe counts " + code
                    + " differently from ISO 4217; paying it out is not supported");
        }
        int stripeExponent = ZERO_DECIMAL.contains(code) ? 0 : THREE_DECIMAL.contains(code) ? 3 : 2;
        if (stripeExponent != money.exponent()) {
            throw new UnsupportedStripeAmount(money, "Stripe counts " + code + " with " + stripeExponent
                    + " decimals, the ledger with " + money.exponent());
        }
        if (stripeExponent == 3 && money.minorUnits() % 10 != 0) {
            throw new UnsupportedStripeAmount(money, "Stripe takes " + code
                    + " only in multiples of 10 thousandths; the amount would have to be rounded");
        }
        return new StripeAmount(money.minorUnits(), code.toLowerCase(Locale.ROOT));
    }

    public StripeAmount negate() {
        return new StripeAmount(Math.negateExact(value), currency);
    }

    /** The amount cannot go to Stripe without changing it. */
    public static final class UnsupportedStripeAmount extends IllegalArgumentException {

        public UnsupportedStripeAmount(Money money, String reason) {
            super(money + " cannot be sent to Stripe: " + reason);
        }
    }
}
