package org.ristourne.broker.see.ledger;

import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts of the read models held back until the batch of events they belong to commits, then sent as one JDBC batch
 * per statement (one multi-row insert on MariaDB, whose URL sets {@code rewriteBatchedStatements}). A replay profile
 * showed the replay thread waiting on the database nine tenths of the time, one round trip per inserted row; the
 * processor's live batches gain the same way.
 * <p>
 * Held back means unseen by later statements of the same transaction: a handler that reads or updates a table
 * that takes held-back inserts calls {@link #flush()} first. An insert that finds its key taken is then run alone, and
 * its {@code alreadyThere} says whether that is a redelivery or a clash, as it would have in the handler; a clash
 * thrown here fails the batch's commit, which the processor rolls back and retries like a handler's failure. Without
 * a unit of work (a test calling a handler) the insert runs at once.
 */
final class BatchedInserts {

    private static final String RESOURCE = BatchedInserts.class.getName();

    /** Rows that go in together or are found together: one posting's entries, one statement line. */
    private record Insert(String sql, List<Object[]> rows, Runnable alreadyThere) {
    }

    private final JdbcTemplate jdbc;

    BatchedInserts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String sql, List<Object[]> rows, Runnable alreadyThere) {
        if (!CurrentUnitOfWork.isStarted()) {
            run(new Insert(sql, rows, alreadyThere));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        List<Insert> pending = unitOfWork.getOrComputeResource(RESOURCE, key -> {
            unitOfWork.onPrepareCommit(work -> flush());
            return new ArrayList<Insert>();
        });
        pending.add(new Insert(sql, rows, alreadyThere));
    }

    /** Sends what is held back, so that the statements that follow see it. */
    void flush() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        List<Insert> pending = CurrentUnitOfWork.get().root().getResource(RESOURCE);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        List<Insert> sending = new ArrayList<>(pending);
        pending.clear();
        Map<String, List<Insert>> bySql = new LinkedHashMap<>();
        sending.forEach(insert -> bySql.computeIfAbsent(insert.sql(), sql -> new ArrayList<>()).add(insert));
        bySql.forEach((sql, inserts) -> jdbc.execute((ConnectionCallback<Void>) connection -> {
            // A batch that meets a taken key may have put some rows in, and a half-inserted posting would then look
            // like a clash: back to before the batch, and one by one.
            Savepoint beforeBatch = connection.setSavepoint();
            try {
                jdbc.batchUpdate(sql, inserts.stream().flatMap(insert -> insert.rows().stream()).toList());
            } catch (DuplicateKeyException someAlreadyThere) {
                connection.rollback(beforeBatch);
                inserts.forEach(this::run);
            }
            return null;
        }));
    }

    private void run(Insert insert) {
        try {
            jdbc.batchUpdate(insert.sql(), insert.rows());
        } catch (DuplicateKeyException alreadyThere) {
            insert.alreadyThere().run();
        }
    }
}
