package org.ristourne.ledger.sale;

/** A step that a sale's shares cannot take from where they stand (confirming twice, refunding beyond the amount). */
public class ShareBookException extends IllegalStateException {

    public ShareBookException(String message) {
        super(message);
    }
}
