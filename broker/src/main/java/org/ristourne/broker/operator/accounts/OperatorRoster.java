package org.ristourne.broker.operator.accounts;

import java.time.Clock;
import java.util.List;
import org.ristourne.broker.api.RuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Service;

/**
 * Operators create further operator accounts and disable them; each change is logged with who made it. An account
 * is never deleted, so a name in older logs always means the same person.
 */
@Service
public class OperatorRoster {

    private static final Logger log = LoggerFactory.getLogger(OperatorRoster.class);

    private final OperatorAccounts accounts;
    private final OperatorSignIns signIns;
    private final ObjectProvider<FindByIndexNameSessionRepository<?>> sessions;
    private final Clock clock;

    OperatorRoster(OperatorAccounts accounts, OperatorSignIns signIns,
                   ObjectProvider<FindByIndexNameSessionRepository<?>> sessions, Clock clock) {
        this.accounts = accounts;
        this.signIns = signIns;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** What the new operator is told once, by whoever created the account: the password is stored only hashed. */
    public record Created(String name, String password) {
    }

    public List<OperatorAccount> all() {
        return accounts.all();
    }

    public Created create(String actor, String name) {
        String normalized = name == null ? "" : OperatorSignIns.normalized(name);
        if (!OperatorBootstrap.NAME.matcher(normalized).matches()) {
            throw new RuleViolation("invalid-operator-name", "an operator's name is 1 to 64 lower-case letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit");
        }
        String password = OperatorPasswords.generate();
        try {
            accounts.insert(normalized, signIns.hash(password), clock.instant(), actor);
        } catch (DuplicateKeyException taken) {
            throw new RuleViolation("operator-exists", "an operator account named " + normalized + " exists already");
        }
        log.info("Operator {} created operator account {}", actor, normalized);
        return new Created(normalized, password);
    }

    /**
     * The account signs in no more, on the API at once and on the pages too: its page sessions are ended. The last
     * enabled account cannot be disabled, or nobody could ever sign in as an operator again.
     */
    public void disable(String actor, String name) {
        String normalized = OperatorSignIns.normalized(name);
        OperatorAccount account = accounts.byName(normalized)
                .orElseThrow(() -> new RuleViolation("unknown-operator", "no operator account named " + normalized));
        if (account.disabled()) {
            return;
        }
        if (accounts.enabled() <= 1) {
            throw new RuleViolation("last-operator", "the last enabled operator account cannot be disabled");
        }
        accounts.disable(normalized);
        FindByIndexNameSessionRepository<?> repository = sessions.getIfAvailable();
        int ended = 0;
        if (repository != null) {
            for (String sessionId : repository.findByPrincipalName(normalized).keySet()) {
                repository.deleteById(sessionId);
                ended++;
            }
        }
        log.info("Operator {} disabled operator account {} ({} page sessions ended)", actor, normalized, ended);
    }
}
