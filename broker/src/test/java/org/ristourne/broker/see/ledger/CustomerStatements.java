package org.ristourne.broker.see.ledger;

import java.util.List;
import java.util.function.Function;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.StatementLine;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Customers' statements read by the projection's own query handler from a database that a broker in another process
 * writes: the lines its account page would show, for tests that have no query gateway of that broker at hand.
 */
public final class CustomerStatements {

    private CustomerStatements() {
    }

    public static Function<String, List<StatementLine>> readFrom(JdbcTemplate jdbc) {
        CustomerStatementProjection projection = new CustomerStatementProjection(jdbc);
        return customerId -> projection.handle(new GetCustomerStatement(customerId));
    }
}
