package org.ristourne.broker.operator;

import static org.ristourne.broker.operator.OperatorRequests.required;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.RelationshipId;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.customer.EndSubscription;
import org.ristourne.broker.api.customer.RecordSubscriptionPeriod;
import org.ristourne.broker.api.customer.RegisterCustomer;
import org.ristourne.broker.api.relationship.ConsultOffers;
import org.ristourne.broker.api.relationship.EndRelationship;
import org.ristourne.broker.api.relationship.OpenRelationship;
import org.ristourne.broker.operator.OperatorRequests.EndSubscriptionRequest;
import org.ristourne.broker.operator.OperatorRequests.OpenRelationshipRequest;
import org.ristourne.broker.operator.OperatorRequests.RegisterCustomerRequest;
import org.ristourne.broker.operator.OperatorRequests.SubscriptionPeriodRequest;
import org.ristourne.broker.privacy.CustomerErasure;
import org.ristourne.broker.see.catalogue.CatalogueProjection;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Customers and their relationships, driven by the operator on the customer's behalf until customers sign in
 * themselves; subscription periods are what billing will report from Stripe.
 */
@RestController
class OperatorCustomerController {

    private final CommandGateway commands;
    private final CatalogueProjection catalogue;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final CustomerErasure erasure;

    OperatorCustomerController(CommandGateway commands, CatalogueProjection catalogue, JdbcTemplate jdbc,
                               Clock clock, CustomerErasure erasure) {
        this.commands = commands;
        this.catalogue = catalogue;
        this.jdbc = jdbc;
        this.clock = clock;
        this.erasure = erasure;
    }

    @PostMapping("/operator/customers")
    ResponseEntity<Map<String, Object>> register(@RequestBody(required = false) RegisterCustomerRequest request) {
        CustomerId customerId = request == null || request.customerId() == null ? CustomerId.random()
                : new CustomerId(request.customerId());
        commands.sendAndWait(new RegisterCustomer(customerId, clock.instant()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("customerId", customerId.value()));
    }

    @PostMapping("/operator/customers/{customerId}/subscription-periods")
    ResponseEntity<Void> recordPeriod(@PathVariable String customerId, @RequestBody SubscriptionPeriodRequest request) {
        commands.sendAndWait(new RecordSubscriptionPeriod(new CustomerId(customerId),
                required(request.activeFrom(), "activeFrom"), required(request.activeUntil(), "activeUntil"),
                request.amountPaid() == null ? null : request.amountPaid().toMoney()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/operator/customers/{customerId}/subscription-end")
    ResponseEntity<Void> endSubscription(@PathVariable String customerId,
                                         @RequestBody(required = false) EndSubscriptionRequest request) {
        commands.sendAndWait(new EndSubscription(new CustomerId(customerId),
                request == null || request.at() == null ? clock.instant() : request.at()));
        return ResponseEntity.noContent().build();
    }

    /** A customer's written request to be erased, handled by the operator: as the account page's own button does. */
    @PostMapping("/operator/customers/{customerId}/erasure")
    ResponseEntity<Void> erase(@PathVariable String customerId) {
        erasure.erase(new CustomerId(customerId), clock.instant());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/operator/customers/{customerId}/relationships")
    ResponseEntity<Map<String, Object>> open(@PathVariable String customerId,
                                             @RequestBody OpenRelationshipRequest request) {
        RelationshipId relationshipId = RelationshipId.random();
        commands.sendAndWait(new OpenRelationship(relationshipId, new CustomerId(customerId),
                new VendorId(required(request.vendorId(), "vendorId")), clock.instant()));
        String customerRef = jdbc.queryForObject(
                "select customer_ref from directory_relationship where relationship_id = ?", String.class,
                relationshipId.value());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("relationshipId", relationshipId.value());
        body.put("customerRef", customerRef);
        return ResponseEntity.status(HttpStatus.CREATED).body(body);
    }

    @DeleteMapping("/operator/relationships/{relationshipId}")
    ResponseEntity<Void> end(@PathVariable String relationshipId) {
        commands.sendAndWait(new EndRelationship(new RelationshipId(relationshipId), clock.instant()));
        return ResponseEntity.noContent().build();
    }

    /** The customer looks at the vendor's offers: recorded on the relationship, then shown. */
    @GetMapping("/operator/relationships/{relationshipId}/offers")
    List<CatalogueProjection.Offer> consultOffers(@PathVariable String relationshipId) {
        RelationshipId id = new RelationshipId(relationshipId);
        commands.sendAndWait(new ConsultOffers(id, clock.instant()));
        String vendorId = jdbc.queryForObject(
                "select vendor_id from directory_relationship where relationship_id = ?", String.class, id.value());
        return catalogue.offersOf(new VendorId(vendorId));
    }
}
