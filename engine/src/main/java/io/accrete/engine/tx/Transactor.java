package io.accrete.engine.tx;

import io.accrete.engine.db.Db;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.storage.LogStore;
import io.accrete.engine.tx.GroupCommit.Applied;
import io.accrete.engine.tx.GroupCommit.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one writer. Submissions queue up; the writer thread takes everything waiting (up to
 * {@code maxBatch}) and applies each transaction in turn to the newest value — each gets its own
 * t and report, a failing one fails alone. The batch then goes to the log in one durable commit
 * (group commit); only after that is the new value published and anyone acknowledged.
 *
 * <p>The commit is pipelined ({@link GroupCommit}): while more work is waiting, the writer hands
 * the batch to the log thread and goes on applying the next batch on top of the unpublished value.
 * When nothing else is waiting the writer commits itself, sparing a lone caller a thread hand-off.
 * If a commit fails, every batch built on it fails too and the writer starts again from the last
 * durable value. A full queue refuses new work at once ({@code :db.error/transactor-busy}) rather
 * than blocking callers.
 *
 * <p>Applying is done by whoever holds the pen ({@link #applying}): usually the writer thread, but a
 * caller that is going to wait for its outcome anyway ({@link #submitOnCaller}) and finds no one
 * applying takes the pen and applies and commits the queue itself. A sequential client then costs
 * no thread hand-off at all: on a virtual machine each wake-up of a parked thread is tens of
 * microseconds, and a commit right after one costs more than one on a thread that was running.
 *
 * <p>Transactions submitted together ({@link #submitAll}) are queued as one unit and taken into
 * the same batch, so a client's batch costs one commit rather than as many as the writer happened
 * to catch while its transactions were still arriving one by one.
 */
public final class Transactor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Transactor.class);
    /** Each element is one submission: its transactions are taken together, in order. */
    private final Queue<List<Request>> queue = new ConcurrentLinkedQueue<>();
    /**
     * The pen: held by whoever applies queued work, the writer thread or a caller that found no one
     * applying ({@link #submitOnCaller}). Everything below marked "the pen's" is touched only by its holder.
     */
    private final AtomicBoolean applying = new AtomicBoolean();
    /** The batch being applied; the pen's. */
    private final List<Request> batch;
    /** The epoch {@link #head} was built in; the pen's. */
    private long seenEpoch;
    /** How many submissions the last batch took: more than one means callers are not alone. */
    private volatile int lastBatchSubmissions;
    /** Set while the writer thread is parked or about to park, so that only then is it woken. */
    private volatile boolean writerIdle;
    /** Transactions in {@link #queue}, which bounds it. */
    private final AtomicInteger queuedTx = new AtomicInteger();
    private final int queueCapacity;
    private final TxFunctions functions;
    private final int maxBatch;
    private final Thread writer;
    /** The log stage: writes applied batches and publishes what is durable. */
    private final GroupCommit commit;
    /** The newest applied value, durable or not; the pen's. */
    private Db head;
    private volatile boolean running = true;
    /** Set by the writer just before it fails what is left in the queue, as it stops. */
    private volatile boolean draining;
    private final TransactorStats stats = new TransactorStats();

    /**
     * @param onCommit called with each committed group's reports, in t order, after the new value
     *                 is published; it runs on whichever thread commits (the writer, the log thread or
     *                 a caller of {@link #submitOnCaller}) and must not block.
     */
    public Transactor(String name, Db initial, LogStore store, TxFunctions functions, int queueCapacity, int maxBatch,
                      Consumer<List<TxReport>> onCommit) {
        this(name, initial, store, functions, queueCapacity, maxBatch, onCommit, IDLE_PARK_NANOS);
    }

    /** @param idleParkNanos how long the idle writer parks at most: tests make it long, so that a missed wake-up shows. */
    Transactor(String name, Db initial, LogStore store, TxFunctions functions, int queueCapacity, int maxBatch,
               Consumer<List<TxReport>> onCommit, long idleParkNanos) {
        this.idleParkNanos = idleParkNanos;
        this.head = initial;
        this.functions = functions;
        this.queueCapacity = queueCapacity;
        this.maxBatch = maxBatch;
        this.batch = new ArrayList<>(maxBatch);
        this.commit = new GroupCommit(name, initial, store, stats, onCommit);
        this.writer = new Thread(this::run, "accrete-transactor-" + name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public Db db() { return commit.latest(); }
    public TransactorStats stats() { return stats; }
    public int queued() { return queuedTx.get(); }
    /** Whether the writer thread is parked: for tests that need a caller to find it so. */
    boolean writerParked() { return writerIdle && writer.getState() != Thread.State.RUNNABLE; }
    /** Transactions applied and waiting for their commit to the log. */
    public int awaitingLog() { return commit.inFlight(); }

    public CompletableFuture<TxReport> submit(List<?> txData) {
        return enqueue(List.of(new Request(txData, null, new CompletableFuture<>())), true).get(0);
    }

    /** A transaction computed from the newest value by whoever applies it, so nothing commits in between. */
    public CompletableFuture<TxReport> submit(Function<Db, List<?>> txFn) {
        return enqueue(List.of(new Request(null, txFn, new CompletableFuture<>())), true).get(0);
    }

    /**
     * Several transactions, each with its own t, report and outcome, applied in the given order
     * and taken into the same group commit (one commit may hold more than {@code maxBatch} this way).
     */
    public List<CompletableFuture<TxReport>> submitAll(List<? extends List<?>> txDatas) {
        return enqueue(requests(txDatas), true);
    }

    /**
     * {@link #submit} for a caller that is going to wait for the outcome anyway: when no one is
     * applying, the calling thread applies and commits what is queued itself (its own transaction
     * and any that came with it), sparing the hand-off to the writer thread and back, about two
     * thread wake-ups. The future it returns is then usually complete (not when earlier batches
     * were still on their way to the log, or its transaction did not fit in the batch); otherwise
     * the writer takes it. The caller then runs what completing futures runs: the commit listener
     * and other submitters' dependent stages, as the writer thread would.
     */
    public CompletableFuture<TxReport> submitOnCaller(List<?> txData) {
        return onCaller(List.of(new Request(txData, null, new CompletableFuture<>()))).get(0);
    }

    /** {@link #submitOnCaller} for a function of the newest value. */
    public CompletableFuture<TxReport> submitOnCaller(Function<Db, List<?>> txFn) {
        return onCaller(List.of(new Request(null, txFn, new CompletableFuture<>()))).get(0);
    }

    /** {@link #submitAll} for a caller that is going to wait, as {@link #submitOnCaller}. */
    public List<CompletableFuture<TxReport>> submitAllOnCaller(List<? extends List<?>> txDatas) {
        return onCaller(requests(txDatas));
    }

    private List<CompletableFuture<TxReport>> onCaller(List<Request> requests) {
        List<CompletableFuture<TxReport>> results = enqueue(requests, false);
        if (results.isEmpty() || results.get(0).isDone()) return results;   // nothing queued (refused, or none)
        // Only for a lone caller: the writer parked, nothing on its way to the log, and the last
        // batch a single submission. A busy or spinning writer takes the work at once, and under
        // load callers taking turns with it only add wake-ups and shrink the group commits (the
        // writer, already running, would take everything that arrived during a commit at once).
        // An interrupted caller leaves it to the writer too. Someone applying already wakes the
        // writer when it lets go and finds these still queued (it cannot miss them: they were
        // queued before the pen was found taken).
        if (!writerIdle || commit.inFlight() != 0 || lastBatchSubmissions > 1 || Thread.currentThread().isInterrupted()) {
            wakeWriter();
            return results;
        }
        if (!applying.compareAndSet(false, true)) return results;
        try {
            // After close the writer finishes the queue; a caller must not race it to the log.
            if (running) applyQueued();
        } finally {
            applying.set(false);
        }
        if (!queue.isEmpty()) wakeWriter();
        return results;
    }

    private static List<Request> requests(List<? extends List<?>> txDatas) {
        List<Request> requests = new ArrayList<>(txDatas.size());
        for (List<?> txData : txDatas) requests.add(new Request(txData, null, new CompletableFuture<>()));
        return requests;
    }

    private List<CompletableFuture<TxReport>> enqueue(List<Request> requests, boolean wake) {
        List<CompletableFuture<TxReport>> results = new ArrayList<>(requests.size());
        for (Request r : requests) results.add(r.result());
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
            } else if (wake) {
                wakeWriter();
            }
        }
        if (refused != null) for (Request r : requests) r.result().completeExceptionally(refused);
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

    /**
     * The writer thread: waits for work and applies it whenever no caller is applying it already
     * ({@link #submitOnCaller}). On close it takes the pen for good and finishes what is queued.
     */
    private void run() {
        try {
            while (running) {
                if (!queue.isEmpty() && applying.compareAndSet(false, true)) {
                    try {
                        applyQueued();
                    } finally {
                        applying.set(false);
                    }
                } else {
                    awaitWork();
                }
            }
        } finally {
            while (!applying.compareAndSet(false, true)) LockSupport.parkNanos(this, STOP_PARK_NANOS);
            while (!queue.isEmpty()) applyQueued();
            commit.finish();
            draining = true;
            for (List<Request> left; (left = queue.poll()) != null; ) {
                queuedTx.addAndGet(-left.size());
                for (Request r : left) r.result().completeExceptionally(closed());
            }
        }
    }

    /**
     * Waits for the queue to hold work that no caller is applying. A lone caller's next submission
     * is waited for briefly without parking: a caller that sends its next transaction as soon as
     * the last is acknowledged is then picked up without the cost of waking a parked thread, which
     * on a virtual machine is tens to hundreds of microseconds (callers that apply on their own
     * thread spare it anyway, and end the spin when they take the pen). While batches await the log every
     * submitter is waiting for an acknowledgement, and a spinning writer would only take the CPU
     * the log thread needs to give it.
     */
    private void awaitWork() {
        if (commit.inFlight() == 0) {
            long until = System.nanoTime() + SPIN_NANOS;
            do {
                // A caller that took the pen does the work; spinning on would only take its CPU.
                if (applying.get()) break;
                if (!queue.isEmpty()) return;
                Thread.onSpinWait();
            } while (System.nanoTime() < until);
        }
        writerIdle = true;
        try {
            // Checked after announcing the wait, so a submission or a release that missed the flag is seen here.
            // An interrupt (a transaction function's, say) would make every park return at once.
            Thread.interrupted();
            if (running && (queue.isEmpty() || applying.get())) LockSupport.parkNanos(this, idleParkNanos);
        } finally {
            writerIdle = false;
        }
    }

    /** Only a parked writer with the pen free: a caller holding it wakes the writer as it lets go. */
    private void wakeWriter() {
        if (writerIdle && !applying.get()) LockSupport.unpark(writer);
    }

    private static final long SPIN_NANOS = 50_000;
    /** Only a bound: submissions and releases wake the writer. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private final long idleParkNanos;
    private static final long STOP_PARK_NANOS = 100_000;

    /**
     * Applies what is queued (whole submissions, up to {@code maxBatch} transactions) and commits
     * it, or hands it to the log thread when more work is waiting or earlier batches are still on
     * their way to the log. Only the holder of {@link #applying} calls this.
     */
    private void applyQueued() {
        List<Request> first = queue.poll();
        if (first == null) return;
        queuedTx.addAndGet(-first.size());
        batch.addAll(first);
        int submissions = 1;
        // Only the holder of the pen takes from the queue, so what it peeks at is what it polls.
        for (List<Request> next; (next = queue.peek()) != null && batch.size() + next.size() <= maxBatch; submissions++) {
            queue.poll();
            queuedTx.addAndGet(-next.size());
            batch.addAll(next);
        }
        lastBatchSubmissions = submissions;
        try {
            long e = commit.epoch();
            if (e != seenEpoch) {
                // A commit failed: what was applied after the last durable value is lost.
                head = commit.latest();
                seenEpoch = e;
            }
            Applied applied = apply(batch, e);
            if (applied == null) return;
            head = applied.dbAfter();
            // Nothing else waiting: commit here, sparing a lone caller the hand-off to the log thread.
            if (commit.inFlight() == 0 && queue.isEmpty()) {
                commit.commitHere(applied);
            } else {
                commit.handOff(applied);
            }
        } catch (Throwable t) {
            LOG.error("Transactor failure", t);
            for (Request r : batch) r.result().completeExceptionally(Errors.error(Errors.STORAGE, "Transactor failure: " + t));
        } finally {
            batch.clear();
        }
    }

    /** Applies each request in turn on top of {@link #head}; null when every one failed. */
    private Applied apply(List<Request> batch, long epoch) {
        long started = System.nanoTime();
        Db db = head;
        List<TxReport> reports = new ArrayList<>(batch.size());
        List<Request> accepted = new ArrayList<>(batch.size());
        for (Request r : batch) {
            try {
                List<?> txData = r.txFn() != null ? r.txFn().apply(db) : r.txData();
                TxProcessor.Result res = TxProcessor.process(db, txData, functions, new Date());
                reports.add(new TxReport(db, res.dbAfter(), res.datoms(), res.tempids()));
                accepted.add(r);
                db = res.dbAfter();
            } catch (AccreteException e) {
                r.result().completeExceptionally(e);
            } catch (RuntimeException | StackOverflowError e) {
                r.result().completeExceptionally(Errors.error(Errors.INVALID_TX, "Transaction could not be applied: " + e));
            }
        }
        stats.recordApply(System.nanoTime() - started);
        return accepted.isEmpty() ? null : new Applied(reports, accepted, db, epoch, started);
    }

    private static AccreteException closed() {
        return Errors.error(Errors.TRANSACTOR_UNAVAILABLE, "The database is closed");
    }

    /** Stops taking work, finishes and acknowledges what was queued, and stops both threads. */
    @Override public void close() {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(60_000);
            commit.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
