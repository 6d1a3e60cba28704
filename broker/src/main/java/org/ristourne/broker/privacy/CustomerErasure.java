package org.ristourne.broker.privacy;

import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.customer.EraseCustomerData;
import org.ristourne.broker.api.relationship.EndRelationship;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases a customer's account, all in one transaction: the erasure recorded in their stream (no personal data in
 * it), their open relationships ended (vendors' later reports are refused as for any ended relationship), their key
 * destroyed (what events hold sealed for them no longer reads, anywhere, replays included), their account and every
 * page session they have on any node deleted. Amounts, dates, ids and postings stay in clear: the ledger still
 * balances and each vendor's statements still add up, by {@code customerRef} as before.
 */
@Service
public record CustomerErasure(JdbcTemplate jdbc, TransactionTemplate transactions, CommandGateway commands,
                              CustomerDataKeys keys) {

    private static final Logger log = LoggerFactory.getLogger(CustomerErasure.class);

    /** Erases the customer as of {@code at}; erasing again changes nothing. */
    public void erase(CustomerId customer, Instant at) {
        transactions.executeWithoutResult(status -> eraseInTransaction(customer, at));
    }

    private void eraseInTransaction(CustomerId customer, Instant at) {
        commands.sendAndWait(new EraseCustomerData(customer, at));
        List<String> open = jdbc.queryForList("select relationship_id from directory_relationship"
                + " where customer_id = ? and ended_at_us is null", String.class, customer.value());
        open.forEach(id -> commands.sendAndWait(new EndRelationship(new RelationshipId(id), at)));
        keys.erase(customer, at);
        // Page sessions name their customer by e-mail (Spring Session's PRINCIPAL_NAME): signed out everywhere.
        jdbc.queryForList("select email from customer_account where customer_id = ?", String.class,
                customer.value()).forEach(email ->
                jdbc.update("delete from SPRING_SESSION where PRINCIPAL_NAME = ?", email));
        jdbc.update("delete from customer_account where customer_id = ?", customer.value());
        log.info("Customer {} erased: key destroyed, account and sessions deleted, {} relationships ended",
                customer, open.size());
    }
}
