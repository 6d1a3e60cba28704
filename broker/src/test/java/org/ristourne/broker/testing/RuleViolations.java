package org.ristourne.broker.testing;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.ristourne.broker.api.RuleViolation;

/** Matches a {@link RuleViolation} by its stable code, the part callers depend on. */
public final class RuleViolations {

    private RuleViolations() {
    }

    public static Matcher<RuleViolation> violation(String code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(RuleViolation violation) {
                return code.equals(violation.code());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a RuleViolation with code ").appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(RuleViolation violation, Description mismatch) {
                mismatch.appendText("code was ").appendValue(violation.code()).appendText(": ")
                        .appendText(violation.getMessage());
            }
        };
    }
}
