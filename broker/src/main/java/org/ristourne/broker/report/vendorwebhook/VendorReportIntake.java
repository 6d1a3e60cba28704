package org.ristourne.broker.report.vendorwebhook;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ristourne.broker.api.VendorId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Records a verified, well-formed report exactly once, and answers only once it is committed. Reports from concurrent
 * requests wait in one queue for a few writer threads; each writer takes what has gathered (one report when the node
 * is idle, up to {@code max-group} under load, with no timer to wait for) and records it as one group
 * ({@link IntakeRecorder}). A request gets its answer once its group's transaction has committed, so a 2xx still
 * means stored, as it did with one transaction per request.
 */
@Service
class VendorReportIntake implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VendorReportIntake.class);
    /** Far beyond any group's time: past it something is wrong, and the vendor is told to retry. */
    private static final long ANSWER_TIMEOUT_SECONDS = 60;
    /** How soon an idle writer notices that the node is stopping; a report wakes it at once. */
    private static final long IDLE_CHECK_MILLIS = 200;

    private final IntakeRecorder recorder;
    private final IntakeProperties.GroupCommit settings;
    private final BlockingQueue<IntakeRecorder.Delivery> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    VendorReportIntake(IntakeRecorder recorder, IntakeProperties properties) {
        this.recorder = recorder;
        this.settings = properties.groupCommit();
    }

    IntakeRecorder.Outcome receive(VendorId vendorId, String webhookId, String bodyHash, VendorReport report) {
        IntakeRecorder.Delivery delivery = new IntakeRecorder.Delivery(vendorId, webhookId, bodyHash, report);
        if (!running) {
            throw shuttingDown();
        }
        waiting.add(delivery);
        try {
            return delivery.answer().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException refusal) {
                throw refusal;
            }
            throw new IllegalStateException("recording report " + webhookId + " failed", e.getCause());
        } catch (TimeoutException e) {
            log.error("Report {} of vendor {} not answered by the intake's writers within {} s", webhookId, vendorId,
                    ANSWER_TIMEOUT_SECONDS);
            throw new IntakeRejection(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                    "the report could not be recorded in time; retry later with the same webhook-id (a report that "
                            + "was recorded after all is then answered 200 as a repeat)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw shuttingDown();
        }
    }

    private void write() {
        List<IntakeRecorder.Delivery> group = new ArrayList<>(settings.maxGroup());
        while (running) {
            IntakeRecorder.Delivery first;
            try {
                first = waiting.poll(IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            group.add(first);
            waiting.drainTo(group, settings.maxGroup() - 1);
            try {
                recorder.record(group);
            } catch (RuntimeException | Error e) {
                // record() answers every delivery itself; this is a defect, and no request may wait for ever on it
                log.error("The intake's writer failed on a group of {} reports", group.size(), e);
                group.forEach(delivery -> delivery.answer().completeExceptionally(e));
            }
            group.clear();
        }
    }

    private static IntakeRejection shuttingDown() {
        return new IntakeRejection(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                "this node is shutting down; retry later with the same webhook-id");
    }

    @Override
    public void start() {
        running = true;
        for (int i = 1; i <= settings.writers(); i++) {
            Thread writer = new Thread(this::write, "intake-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** Groups being written are finished; reports still waiting are told to come back. */
    @Override
    public void stop() {
        running = false;
        // not interrupted: a group being written must end in its commit or rollback, not in a broken connection
        for (Thread writer : writers) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        writers.clear();
        List<IntakeRecorder.Delivery> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(delivery -> delivery.answer().completeExceptionally(shuttingDown()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped after the web server has finished the requests in flight, which wait for their groups. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
