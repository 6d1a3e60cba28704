package org.ristourne.broker.operator;

import static org.ristourne.broker.operator.OperatorRequests.required;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.operator.accounts.OperatorRoster;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators list, create and disable operator accounts; the caller's name goes into the log with each change. */
@RestController
@RequestMapping("/operator/operators")
class OperatorAccountController {

    private final OperatorRoster roster;

    OperatorAccountController(OperatorRoster roster) {
        this.roster = roster;
    }

    record CreateOperatorRequest(@Nullable String name) {
    }

    record OperatorView(String name, Instant createdAt, @Nullable String createdBy, boolean disabled) {
    }

    @GetMapping
    List<OperatorView> list() {
        return roster.all().stream()
                .map(account -> new OperatorView(account.name(), account.createdAt(), account.createdBy(),
                        account.disabled()))
                .toList();
    }

    /** The password is made up here and shown only in this answer; the table keeps its hash. */
    @PostMapping
    ResponseEntity<OperatorRoster.Created> create(@RequestBody CreateOperatorRequest request, Principal operator) {
        OperatorRoster.Created created = roster.create(operator.getName(), required(request.name(), "name"));
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore()).body(created);
    }

    @PostMapping("/{name}/disable")
    ResponseEntity<Void> disable(@PathVariable String name, Principal operator) {
        roster.disable(operator.getName(), name);
        return ResponseEntity.noContent().build();
    }
}
