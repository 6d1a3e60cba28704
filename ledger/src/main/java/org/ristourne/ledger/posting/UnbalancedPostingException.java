package org.ristourne.ledger.posting;

/** A posting whose debits and credits differ in some currency: a bug, never stored. */
public class UnbalancedPostingException extends IllegalArgumentException {

    public UnbalancedPostingException(String message) {
        super(message);
    }
}
