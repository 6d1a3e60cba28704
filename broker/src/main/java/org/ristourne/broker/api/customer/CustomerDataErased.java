package org.ristourne.broker.api.customer;

import java.time.Instant;
import org.ristourne.broker.api.CustomerId;

/**
 * The customer erased their account: their key is destroyed, so what events hold sealed for them no longer reads,
 * and their account (e-mail, name, password hash) is deleted. Holds no personal data itself. Amounts, dates and
 * postings stay, as accounting law requires.
 */
public record CustomerDataErased(CustomerId customerId, Instant erasedAt) {
}
