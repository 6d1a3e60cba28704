package org.ristourne.broker.privacy;

import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.RuleViolation;
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

    /**
     * What replaces the content hash of an erased customer's sales in {@code sale_intake}: the hash covered the line
     * descriptions, and every other field it covered is in clear in the events, so it would confirm a guess. Not hex,
     * so no report's hash ever equals it; a later report of such a sale is answered as a repeat.
     */
    public static final String ERASED_CONTENT_HASH = "erased" + "-".repeat(58);

    public static final String SUBSCRIPTION_STILL_BILLED = "subscription-still-billed";

    /**
     * Erases the customer as of {@code at}; erasing again changes nothing.
     *
     * @throws RuleViolation {@value #SUBSCRIPTION_STILL_BILLED} while Stripe still renews their subscription
     */
    public void erase(CustomerId customer, Instant at) {
        transactions.executeWithoutResult(status -> eraseInTransaction(customer, at));
    }

    private void eraseInTransaction(CustomerId customer, Instant at) {
        // Stripe would go on charging an account nobody can sign in to any more, under an e-mail we no longer hold.
        Integer billed = jdbc.queryForObject("select count(*) from billing_subscription where customer_id = ?"
                + " and status not in ('canceled', 'incomplete_expired') and cancel_at_period_end = false",
                Integer.class, customer.value());
        if (billed != null && billed > 0) {
            throw new RuleViolation(SUBSCRIPTION_STILL_BILLED, "customer " + customer + " has a subscription Stripe "
                    + "still renews: cancel it first (it may run to the end of its period), then erase the account");
        }
        commands.sendAndWait(new EraseCustomerData(customer, at));
        List<String> open = jdbc.queryForList("select relationship_id from directory_relationship"
                + " where customer_id = ? and ended_at_us is null", String.class, customer.value());
        open.forEach(id -> commands.sendAndWait(new EndRelationship(new RelationshipId(id), at)));
        keys.erase(customer, at);
        jdbc.update("update sale_intake set content_hash = ? where customer_ref in (select customer_ref"
                + " from directory_relationship where customer_id = ?)", ERASED_CONTENT_HASH, customer.value());
        // Sales recorded before sale_intake kept their customerRef, as far as the statement has them.
        jdbc.update("update sale_intake set content_hash = ? where customer_ref is null and exists (select 1 from"
                + " customer_statement_line l where l.customer_id = ? and l.vendor_id = sale_intake.vendor_id"
                + " and l.vendor_sale_id = sale_intake.vendor_sale_id)", ERASED_CONTENT_HASH, customer.value());
        // Page sessions name their customer by e-mail (Spring Session's PRINCIPAL_NAME): signed out everywhere.
        jdbc.queryForList("select email from customer_account where customer_id = ?", String.class,
                customer.value()).forEach(email ->
                jdbc.update("delete from SPRING_SESSION where PRINCIPAL_NAME = ?", email));
        jdbc.update("delete from customer_account where customer_id = ?", customer.value());
        log.info("Customer {} erased: key destroyed, account and sessions deleted, {} relationships ended",
                customer, open.size());
    }
}
