package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.storage.LogCodec;
import io.accrete.engine.storage.LogStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one writer. Submissions queue up; the writer thread takes everything waiting (up to
 * {@code maxBatch}) and applies each transaction in turn to the newest value — each gets its own
 * t and report, a failing one fails alone. The batch then goes to the log in one durable commit
 * (group commit); only after that is the new value published and anyone acknowledged.
 *
 * <p>The commit is pipelined: while more work is waiting, the writer hands the batch to a log
 * thread and goes on applying the next batch on top of the unpublished value, so the CPU work of
 * one batch overlaps the fdatasync of the previous ones (which the log thread merges into one).
 * When nothing else is waiting the writer commits itself, sparing a lone caller a thread hand-off.
 * If a commit fails, every batch built on it fails too and the writer starts again from the last
 * durable value. A full queue refuses new work at once ({@code :db.error/transactor-busy}) rather
 * than blocking callers.
 *
 * <p>Transactions submitted together ({@link #submitAll}) are queued as one unit and taken into
 * the same batch, so a client's batch costs one commit rather than as many as the writer happened
 * to catch while its transactions were still arriving one by one.
 */
public final class Transactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Transactor.class);
    private record Request(List<?> txData, Function<Db, List<?>> txFn, CompletableFuture<TxReport> result) {}

    /** A batch the writer has applied, on its way to the log. */
    private record Applied(List<TxReport> reports, List<Request> requests, Db dbAfter, long epoch, long started) {}

    private static final Applied END = new Applied(List.of(), List.of(), null, -1, 0);
    /** Batches applied but not yet logged, at most: bounds the memory and latency of a burst. */
    private static final int PIPELINE_DEPTH = 8;

    /** Each element is one submission: its transactions are taken together, in order. */
    private final BlockingQueue<List<Request>> queue = new LinkedBlockingQueue<>();
    /** Transactions in {@link #queue}, which bounds it. */
    private final AtomicInteger queuedTx = new AtomicInteger();
    private final int queueCapacity;
    private final BlockingQueue<Applied> toLog = new ArrayBlockingQueue<>(PIPELINE_DEPTH);
    private final LogStore store;
    private final TxFunctions functions;
    private final int maxBatch;
    private final Consumer<List<TxReport>> onCommit;
    private final Thread writer;
    private final Thread logger;
    /** The newest durable value: what readers see. */
    private volatile Db latest;
    /** The newest applied value, durable or not; the writer thread's alone. */
    private Db head;
    /** Transactions handed to the log thread and not yet finished with. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Bumped when a commit fails: applied batches of an older epoch were built on lost work. */
    private final AtomicLong epoch = new AtomicLong();
    /** Why the last commit failed, for the batches that fail with it unwritten. */
    private volatile String epochFailure = "";
    private volatile boolean running = true;
    /** Set by the writer just before it fails what is left in the queue, as it stops. */
    private volatile boolean draining;
    private final TransactorStats stats = new TransactorStats();

    /**
     * @param onCommit called with each committed group's reports, in t order, after the new value
     *                 is published; it runs on the writer or the log thread and must not block.
     */
    public Transactor(String name, Db initial, LogStore store, TxFunctions functions, int queueCapacity, int maxBatch,
                      Consumer<List<TxReport>> onCommit) {
        this.latest = initial;
        this.head = initial;
        this.store = store;
        this.functions = functions;
        this.queueCapacity = queueCapacity;
        this.maxBatch = maxBatch;
        this.onCommit = onCommit;
        this.logger = new Thread(this::logLoop, "accrete-log-" + name);
        this.logger.setDaemon(true);
        this.logger.start();
        this.writer = new Thread(this::run, "accrete-transactor-" + name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public Db db() { return latest; }
    public TransactorStats stats() { return stats; }
    public int queued() { return queuedTx.get(); }
    /** Transactions applied and waiting for their commit to the log. */
    public int awaitingLog() { return inFlight.get(); }

    public CompletableFuture<TxReport> submit(List<?> txData) {
        return enqueue(List.of(new Request(txData, null, new CompletableFuture<>()))).get(0);
    }

    /** A transaction computed from the newest value on the writer thread, so nothing commits in between. */
    public CompletableFuture<TxReport> submit(Function<Db, List<?>> txFn) {
        return enqueue(List.of(new Request(null, txFn, new CompletableFuture<>()))).get(0);
    }

    /**
     * Several transactions, each with its own t, report and outcome, applied in the given order
     * and taken into the same group commit (one commit may hold more than {@code maxBatch} this way).
     */
    public List<CompletableFuture<TxReport>> submitAll(List<? extends List<?>> txDatas) {
        List<Request> requests = new ArrayList<>(txDatas.size());
        for (List<?> txData : txDatas) requests.add(new Request(txData, null, new CompletableFuture<>()));
        return enqueue(requests);
    }

    private List<CompletableFuture<TxReport>> enqueue(List<Request> requests) {
        List<CompletableFuture<TxReport>> results = new ArrayList<>(requests.size());
        for (Request r : requests) results.add(r.result);
        if (requests.isEmpty()) return results;
        AccreteException refused = null;
        int n = requests.size();
        if (!running) {
            refused = closed();
        } else if (!reserve(n)) {
            refused = Errors.error(Errors.TRANSACTOR_BUSY,
                    "The transaction queue is full (" + queuedTx.get() + " of " + queueCapacity + " pending); retry later");
        } else {
            queue.add(requests);
            // Closed between the check and the add: if the writer's last sweep did not take these,
            // nothing else ever will.
            if (draining && queue.removeIf(q -> q == requests)) {
                queuedTx.addAndGet(-n);
                refused = closed();
            }
        }
        if (refused != null) for (Request r : requests) r.result.completeExceptionally(refused);
        return results;
    }

    /**
     * Counts {@code n} more queued transactions if they fit. An empty queue takes any number, so
     * that a submission larger than the bound is not refused for ever.
     */
    private boolean reserve(int n) {
        while (true) {
            int queued = queuedTx.get();
            if (queued > 0 && (long) queued + n > queueCapacity) return false;
            if (queuedTx.compareAndSet(queued, queued + n)) return true;
        }
    }

    private void run() {
        List<Request> batch = new ArrayList<>(maxBatch);
        long seenEpoch = epoch.get();
        try {
            while (running || !queue.isEmpty()) {
                try {
                    // Spin only for a lone caller: while batches await the log, every submitter
                    // is waiting for an acknowledgement, and a spinning writer would only take the
                    // CPU the log thread needs to give it.
                    List<Request> first = inFlight.get() == 0 ? spinPoll() : null;
                    if (first == null) first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    queuedTx.addAndGet(-first.size());
                    batch.addAll(first);
                    // Whole submissions only; this thread alone takes from the queue, so what it
                    // peeks at is what it polls.
                    for (List<Request> next; (next = queue.peek()) != null && batch.size() + next.size() <= maxBatch; ) {
                        queue.poll();
                        queuedTx.addAndGet(-next.size());
                        batch.addAll(next);
                    }
                    long e = epoch.get();
                    if (e != seenEpoch) {
                        // A commit failed: what was applied after the last durable value is lost.
                        head = latest;
                        seenEpoch = e;
                    }
                    Applied applied = apply(batch, e);
                    if (applied == null) continue;
                    head = applied.dbAfter;
                    if (inFlight.get() == 0 && queue.isEmpty()) {
                        log(List.of(applied));
                    } else {
                        inFlight.addAndGet(applied.requests.size());
                        try {
                            toLog.put(applied);
                        } catch (InterruptedException stopped) {
                            inFlight.addAndGet(-applied.requests.size());
                            fail(applied, Errors.error(Errors.TRANSACTOR_UNAVAILABLE, "The database is closing; this transaction was not applied"));
                            throw stopped;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Throwable t) {
                    LOG.error("Transactor failure", t);
                    for (Request r : batch) r.result.completeExceptionally(Errors.error(Errors.STORAGE, "Transactor failure: " + t));
                } finally {
                    batch.clear();
                }
            }
        } finally {
            try {
                toLog.put(END);
            } catch (InterruptedException e) {
                logger.interrupt();
            }
            draining = true;
            for (List<Request> left; (left = queue.poll()) != null; ) {
                queuedTx.addAndGet(-left.size());
                for (Request r : left) r.result.completeExceptionally(closed());
            }
        }
    }

    /**
     * Waits briefly without parking for the next submission: a caller that sends its next
     * transaction as soon as the last is acknowledged is then picked up without the cost of
     * waking a parked thread, which on a virtual machine is tens to hundreds of microseconds.
     */
    private List<Request> spinPoll() {
        long until = System.nanoTime() + SPIN_NANOS;
        do {
            List<Request> r = queue.poll();
            if (r != null) return r;
            Thread.onSpinWait();
        } while (System.nanoTime() < until);
        return null;
    }

    private static final long SPIN_NANOS = 50_000;

    /** Applies each request in turn on top of {@link #head}; null when every one failed. */
    private Applied apply(List<Request> batch, long epoch) {
        long started = System.nanoTime();
        Db db = head;
        List<TxReport> reports = new ArrayList<>(batch.size());
        List<Request> accepted = new ArrayList<>(batch.size());
        for (Request r : batch) {
            try {
                List<?> txData = r.txFn != null ? r.txFn.apply(db) : r.txData;
                TxProcessor.Result res = TxProcessor.process(db, txData, functions, new Date());
                reports.add(new TxReport(db, res.dbAfter(), res.datoms(), res.tempids()));
                accepted.add(r);
                db = res.dbAfter();
            } catch (AccreteException e) {
                r.result.completeExceptionally(e);
            } catch (RuntimeException | StackOverflowError e) {
                r.result.completeExceptionally(Errors.error(Errors.INVALID_TX, "Transaction could not be applied: " + e));
            }
        }
        stats.recordApply(System.nanoTime() - started);
        return accepted.isEmpty() ? null : new Applied(reports, accepted, db, epoch, started);
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
            for (Applied a : group) n += a.requests.size();
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
            if (a.epoch == current) {
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
                for (TxReport r : a.reports) entries.add(new LogStore.Entry(r.t(), LogCodec.encode(r.txData())));
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
        latest = valid.get(valid.size() - 1).dbAfter;
        long now = System.nanoTime();
        List<TxReport> reports = valid.size() == 1 ? valid.get(0).reports : new ArrayList<>();
        for (Applied a : valid) {
            stats.recordBatch(a.requests.size(), now - a.started);
            if (valid.size() > 1) reports.addAll(a.reports);
        }
        try {
            onCommit.accept(reports);
        } finally {
            for (Applied a : valid) {
                for (int i = 0; i < a.requests.size(); i++) a.requests.get(i).result.complete(a.reports.get(i));
            }
        }
    }

    private static AccreteException closed() {
        return Errors.error(Errors.TRANSACTOR_UNAVAILABLE, "The database is closed");
    }

    private static void fail(Applied a, AccreteException e) {
        for (Request r : a.requests) r.result.completeExceptionally(e);
    }

    /** Stops taking work, finishes and acknowledges what was queued, and stops both threads. */
    @Override public void close() {
        running = false;
        try {
            writer.join(60_000);
            logger.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
