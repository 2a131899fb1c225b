package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.storage.LogCodec;
import io.accrete.engine.storage.LogStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link Transactor}'s commit stage: writes applied batches to the log, in order, then
 * publishes the newest durable value and acknowledges everyone.
 *
 * <p>A batch is committed either right where it was applied ({@link #commitHere}, when nothing else
 * is waiting) or handed to the log thread ({@link #handOff}), which merges whatever batches have
 * arrived into one append (one fdatasync): the CPU work of one batch then overlaps the fdatasync of
 * the previous ones. A failed commit bumps the {@linkplain #epoch() epoch}: every batch applied on
 * top of it fails unwritten, and the applier starts again from {@link #latest()}.
 */
final class GroupCommit {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** One submitted transaction: its data, or a function of the newest value, and its outcome. */
    record Request(List<?> txData, Function<Db, List<?>> txFn, CompletableFuture<TxReport> result) {}

    /** A batch applied, on its way to the log. */
    record Applied(List<TxReport> reports, List<Request> requests, Db dbAfter, long epoch, long started) {}

    private static final Applied END = new Applied(List.of(), List.of(), null, -1, 0);
    /** Batches applied but not yet logged, at most: bounds the memory and latency of a burst. */
    private static final int PIPELINE_DEPTH = 8;

    private final BlockingQueue<Applied> toLog = new ArrayBlockingQueue<>(PIPELINE_DEPTH);
    private final LogStore store;
    private final TransactorStats stats;
    private final Consumer<List<TxReport>> onCommit;
    private final Thread logger;
    /** The newest durable value: what readers see. */
    private volatile Db latest;
    /** Transactions handed to the log thread and not yet finished with. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Bumped when a commit fails: applied batches of an older epoch were built on lost work. */
    private final AtomicLong epoch = new AtomicLong();
    /** Why the last commit failed, for the batches that fail with it unwritten. */
    private volatile String epochFailure = "";

    GroupCommit(String name, Db initial, LogStore store, TransactorStats stats, Consumer<List<TxReport>> onCommit) {
        this.latest = initial;
        this.store = store;
        this.stats = stats;
        this.onCommit = onCommit;
        this.logger = new Thread(this::logLoop, "accrete-log-" + name);
        this.logger.setDaemon(true);
        this.logger.start();
    }

    /** The newest durable value. */
    Db latest() { return latest; }

    /** Changes whenever a commit fails: a batch applied in an older epoch was built on lost work. */
    long epoch() { return epoch.get(); }

    /** Transactions handed to the log thread and not yet finished with. */
    int inFlight() { return inFlight.get(); }

    /** Commits {@code applied} on the calling thread: for the applier alone, with nothing in flight or queued, so the order holds. */
    void commitHere(Applied applied) {
        log(List.of(applied));
    }

    /** Hands {@code applied} to the log thread, waiting for room in the pipeline whatever interrupts come. */
    void handOff(Applied applied) {
        inFlight.addAndGet(applied.requests().size());
        put(applied);
    }

    /** After everything handed off: the log thread commits it and ends. */
    void finish() {
        put(END);
    }

    void join(long millis) throws InterruptedException {
        logger.join(millis);
    }

    /** An applied batch must reach the log: interrupts wait, and are handed back after. */
    private void put(Applied a) {
        boolean interrupted = false;
        while (true) {
            try {
                toLog.put(a);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void logLoop() {
        List<Applied> group = new ArrayList<>();
        while (true) {
            try {
                group.add(toLog.take());
                toLog.drainTo(group);
            } catch (InterruptedException e) {
                return;
            }
            boolean end = group.get(group.size() - 1) == END;
            if (end) group.remove(group.size() - 1);
            int n = 0;
            for (Applied a : group) n += a.requests().size();
            try {
                if (!group.isEmpty()) log(group);
            } catch (RuntimeException | Error e) {
                // Only a commit listener can throw here, after the commit and the acknowledgements:
                // the log thread must outlive it, or everything after would wait forever.
                LOG.error("A commit listener failed", e);
            } finally {
                group.clear();
                inFlight.addAndGet(-n);
            }
            if (end) return;
        }
    }

    /**
     * Commits the applied batches, in order, in one append (one fdatasync), then publishes the
     * newest value and acknowledges everyone. Batches built on a failed commit fail unwritten.
     */
    private void log(List<Applied> group) {
        long current = epoch.get();
        List<Applied> valid = new ArrayList<>(group.size());
        for (Applied a : group) {
            if (a.epoch() == current) {
                valid.add(a);
            } else {
                // Never written, so certainly not applied: busy (503, retry), not a storage fault
                // whose outcome a client could not know.
                fail(a, Errors.error(Errors.TRANSACTOR_BUSY, "An earlier transaction could not be written to the log ("
                        + epochFailure + "); this one was not applied and may be retried"));
            }
        }
        if (valid.isEmpty()) return;
        try {
            // Encoded here rather than by the writer, so that on the pipelined path it overlaps the
            // writer's work on the next batch.
            List<LogStore.Entry> entries = new ArrayList<>();
            for (Applied a : valid) {
                for (TxReport r : a.reports()) entries.add(new LogStore.Entry(r.t(), LogCodec.encode(r.txData())));
            }
            long appending = System.nanoTime();
            store.append(entries);
            stats.recordAppend(System.nanoTime() - appending);
        } catch (Throwable e) {
            // Whatever went wrong (an Error included), none of it is durable: everything applied
            // on top of it must go too, or the writer would build on transactions that never were.
            AccreteException failure;
            try {
                failure = e instanceof AccreteException ae ? ae : Errors.error(Errors.STORAGE, "Log append failed: " + e);
                epochFailure = failure.getMessage();
            } finally {
                epoch.incrementAndGet();   // even when describing the failure fails (an OutOfMemoryError)
            }
            for (Applied a : valid) fail(a, failure);
            return;
        }
        latest = valid.get(valid.size() - 1).dbAfter();
        long now = System.nanoTime();
        List<TxReport> reports = valid.size() == 1 ? valid.get(0).reports() : new ArrayList<>();
        for (Applied a : valid) {
            stats.recordBatch(a.requests().size(), now - a.started());
            if (valid.size() > 1) reports.addAll(a.reports());
        }
        try {
            onCommit.accept(reports);
        } finally {
            for (Applied a : valid) {
                for (int i = 0; i < a.requests().size(); i++) a.requests().get(i).result().complete(a.reports().get(i));
            }
        }
    }

    private static void fail(Applied a, AccreteException e) {
        for (Request r : a.requests()) r.result().completeExceptionally(e);
    }
}
