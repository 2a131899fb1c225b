package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.storage.LogCodec;
import io.accrete.engine.storage.LogStore;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one writer. Submissions queue up; the writer thread takes everything waiting (up to
 * {@code maxBatch}), applies each transaction in turn to the latest value — each gets its own
 * t and report, a failing one fails alone — then appends the whole batch to the log in one durable
 * commit (group commit) before publishing the new value and acknowledging anyone. A full queue
 * refuses new work at once ({@code :db.error/transactor-busy}) rather than blocking callers.
 */
public final class Transactor implements AutoCloseable {
    private record Request(List<?> txData, Function<Db, List<?>> txFn, CompletableFuture<TxReport> result) {}

    private final BlockingQueue<Request> queue;
    private final LogStore store;
    private final TxFunctions functions;
    private final int maxBatch;
    private final Consumer<List<TxReport>> onCommit;
    private final Thread writer;
    private volatile Db latest;
    private volatile boolean running = true;
    private final TransactorStats stats = new TransactorStats();

    /**
     * @param onCommit called on the writer thread with each committed batch's reports, after the
     *                 new value is published; it must not block.
     */
    public Transactor(String name, Db initial, LogStore store, TxFunctions functions, int queueCapacity, int maxBatch,
                      Consumer<List<TxReport>> onCommit) {
        this.latest = initial;
        this.store = store;
        this.functions = functions;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxBatch = maxBatch;
        this.onCommit = onCommit;
        this.writer = new Thread(this::run, "accrete-transactor-" + name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public Db db() { return latest; }
    public TransactorStats stats() { return stats; }
    public int queued() { return queue.size(); }

    public CompletableFuture<TxReport> submit(List<?> txData) {
        return enqueue(new Request(txData, null, new CompletableFuture<>()));
    }

    /** A transaction computed from the latest value on the writer thread, so nothing commits in between. */
    public CompletableFuture<TxReport> submit(Function<Db, List<?>> txFn) {
        return enqueue(new Request(null, txFn, new CompletableFuture<>()));
    }

    private CompletableFuture<TxReport> enqueue(Request r) {
        if (!running) {
            r.result.completeExceptionally(Errors.error(Errors.TRANSACTOR_UNAVAILABLE, "The database is closed"));
        } else if (!queue.offer(r)) {
            r.result.completeExceptionally(Errors.error(Errors.TRANSACTOR_BUSY,
                    "The transaction queue is full (" + (queue.size() + queue.remainingCapacity()) + " pending); retry later"));
        }
        return r.result;
    }

    private void run() {
        List<Request> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Request first = spinPoll();
                if (first == null) first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable t) {
                for (Request r : batch) r.result.completeExceptionally(Errors.error(Errors.STORAGE, "Transactor failure: " + t));
            } finally {
                batch.clear();
            }
        }
        Request r;
        while ((r = queue.poll()) != null) {
            r.result.completeExceptionally(Errors.error(Errors.TRANSACTOR_UNAVAILABLE, "The database is closed"));
        }
    }

    /**
     * Waits briefly without parking for the next submission: a caller that sends its next
     * transaction as soon as the last is acknowledged is then picked up without the cost of
     * waking a parked thread, which on a virtual machine is tens to hundreds of microseconds.
     */
    private Request spinPoll() {
        long until = System.nanoTime() + SPIN_NANOS;
        do {
            Request r = queue.poll();
            if (r != null) return r;
            Thread.onSpinWait();
        } while (System.nanoTime() < until);
        return null;
    }

    private static final long SPIN_NANOS = 50_000;

    private void commit(List<Request> batch) {
        long started = System.nanoTime();
        Db db = latest;
        List<LogStore.Entry> entries = new ArrayList<>(batch.size());
        List<TxReport> reports = new ArrayList<>(batch.size());
        List<Request> accepted = new ArrayList<>(batch.size());
        for (Request r : batch) {
            try {
                List<?> txData = r.txFn != null ? r.txFn.apply(db) : r.txData;
                TxProcessor.Result res = TxProcessor.process(db, txData, functions, new Date());
                entries.add(new LogStore.Entry(res.dbAfter().basisT(), LogCodec.encode(res.datoms())));
                reports.add(new TxReport(db, res.dbAfter(), res.datoms(), res.tempids()));
                accepted.add(r);
                db = res.dbAfter();
            } catch (AccreteException e) {
                r.result.completeExceptionally(e);
            } catch (RuntimeException | StackOverflowError e) {
                r.result.completeExceptionally(Errors.error(Errors.INVALID_TX, "Transaction could not be applied: " + e));
            }
        }
        if (accepted.isEmpty()) return;
        try {
            store.append(entries);
        } catch (RuntimeException e) {
            AccreteException failure = e instanceof AccreteException ae ? ae : Errors.error(Errors.STORAGE, "Log append failed: " + e);
            for (Request r : accepted) r.result.completeExceptionally(failure);
            return;
        }
        latest = db;
        stats.recordBatch(accepted.size(), System.nanoTime() - started);
        try {
            onCommit.accept(reports);
        } finally {
            for (int i = 0; i < accepted.size(); i++) accepted.get(i).result.complete(reports.get(i));
        }
    }

    /** Stops taking work, finishes and acknowledges what was queued, and stops the writer. */
    @Override public void close() {
        running = false;
        try {
            writer.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
