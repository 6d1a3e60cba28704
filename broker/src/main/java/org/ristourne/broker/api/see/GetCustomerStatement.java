package org.ristourne.broker.api.see;

public record GetCustomerStatement(String customerId) {
}
