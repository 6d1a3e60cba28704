package org.ristourne.broker.operator;

class OperatorNotFound extends RuntimeException {

    OperatorNotFound(String message) {
        super(message, null, false, false);
    }
}
