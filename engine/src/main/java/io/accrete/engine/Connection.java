package io.accrete.engine;

import io.accrete.engine.db.Db;
import io.accrete.engine.db.DbRebuilder;
import io.accrete.engine.error.AccreteException;
import io.accrete.engine.error.Errors;
import io.accrete.engine.index.Datom;
import io.accrete.engine.index.DatomOrder;
import io.accrete.engine.index.EntityIds;
import io.accrete.engine.storage.DatabaseId;
import io.accrete.engine.storage.Durability;
import io.accrete.engine.storage.FolderLock;
import io.accrete.engine.storage.H2LogStore;
import io.accrete.engine.storage.WriteAheadLogStore;
import io.accrete.engine.storage.Log;
import io.accrete.engine.storage.LogCodec;
import io.accrete.engine.storage.LogStore;
import io.accrete.engine.tx.Transactor;
import io.accrete.engine.tx.TransactorStats;
import io.accrete.engine.tx.TxFunction;
import io.accrete.engine.tx.TxFunctions;
import io.accrete.engine.tx.TxProcessor;
import io.accrete.engine.tx.TxReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One database: its log store, its transactor and the latest value. Open it on a data folder;
 * opening rebuilds the indexes from the log. Thread-safe.
 */
public final class Connection implements AutoCloseable {
    private final String name;
    private final LogStore store;
    private final TxFunctions functions;
    private final Transactor transactor;
    private final ConcurrentSkipListMap<Long, List<CompletableFuture<Db>>> syncWaiters = new ConcurrentSkipListMap<>();
    private final CopyOnWriteArrayList<TxReportQueue> subscribers = new CopyOnWriteArrayList<>();

    /** The database's identity ({@link DatabaseId}): stable across restarts, new for a database made again. */
    private final String id;

    /** The folder held for this connection (null for a store opened by the caller), released at close. */
    private final FolderLock folder;
    private volatile boolean closed;

    private Connection(String name, LogStore store, Db initial, ConnectionOptions options, FolderLock folder, String id) {
        this.name = name;
        this.id = id;
        this.store = store;
        this.folder = folder;
        this.functions = TxFunctions.fromServiceLoader();
        this.transactor = new Transactor(name, initial, store, functions, options.queueCapacity(), options.maxBatch(), this::committed);
    }

    /** Opens (creating when needed) the database stored in {@code dir}. */
    public static Connection open(String name, Path dir, ConnectionOptions options) {
        if (dir == null) throw Errors.error(Errors.INVALID_ARGUMENT, "A data folder is required");
        if (options == null) throw Errors.error(Errors.INVALID_ARGUMENT, "Connection options are required (ConnectionOptions.defaults())");
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw Errors.error(Errors.STORAGE, "Cannot create data folder " + dir + ": " + e.getMessage());
        }
        FolderLock folder = FolderLock.acquire(dir);
        LogStore store;
        String id;
        try {
            id = DatabaseId.of(dir);
            // H2 is the log of record; the write-ahead log in front of it makes each commit cost one
            // fdatasync on a preallocated file instead of an H2 commit plus a forced H2 file.
            LogStore h2 = new H2LogStore(dir, Durability.NO_FSYNC);
            try {
                store = new WriteAheadLogStore(h2, dir.resolve("wal"), options.durability());
            } catch (RuntimeException e) {
                h2.close();
                throw e;
            }
        } catch (RuntimeException | Error e) {
            folder.close();
            throw e;
        }
        try {
            return new Connection(name, store, load(store), options, folder, id);
        } catch (RuntimeException | Error e) {
            try {
                store.close();
            } finally {
                folder.close();   // whatever closing the store did, the folder must not stay held
            }
            throw e;
        }
    }

    /** Opens a database on any log store (the store is closed with the connection). */
    public static Connection open(String name, LogStore store, ConnectionOptions options) {
        if (store == null || options == null) throw Errors.error(Errors.INVALID_ARGUMENT, "A log store and connection options are required");
        return new Connection(name, store, load(store), options, null, java.util.UUID.randomUUID().toString());
    }

    /** How many log entries may be decoding at once while reopening. */
    private static final int DECODE_WINDOW = 64;

    /**
     * Rebuilds the database from the log. Decoding is most of the work, so entries are decoded on
     * every core while they stream out of the store, then added in t order (the schema as of each
     * entry narrows float values: attribute types never change, so order is all that matters).
     */
    private static Db load(LogStore store) {
        DbRebuilder rebuilder = new DbRebuilder(Db.bootstrap());
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "accrete-log-decoder");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Map.Entry<Long, Future<List<Datom>>>> window = new ArrayDeque<>();
        try {
            store.replay(-1, entry -> {
                window.addLast(Map.entry(entry.t(), pool.submit(() -> {
                    // Sorted here, on every core, so that the rebuilder's one big EAVT sort
                    // merges long runs instead of sorting from scratch.
                    List<Datom> ds = LogCodec.decode(entry.datoms(), null);
                    ds.sort(DatomOrder.EAVT);
                    return ds;
                })));
                if (window.size() >= DECODE_WINDOW) addDecoded(rebuilder, window.pollFirst());
            });
            while (!window.isEmpty()) addDecoded(rebuilder, window.pollFirst());
        } finally {
            pool.shutdownNow();
        }
        return rebuilder.build();
    }

    private static void addDecoded(DbRebuilder rebuilder, Map.Entry<Long, Future<List<Datom>>> decoded) {
        List<Datom> datoms;
        try {
            datoms = decoded.getValue().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw Errors.error(Errors.STORAGE, "Cannot decode the log: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.error(Errors.STORAGE, "Interrupted while reading the log");
        }
        List<Datom> narrowed = new ArrayList<>(datoms.size());
        for (Datom d : datoms) {
            Object v = LogCodec.narrow(rebuilder.schema(), d.a(), d.v());
            narrowed.add(v == d.v() ? d : new Datom(d.e(), d.a(), v, d.tx(), d.added()));
        }
        rebuilder.add(decoded.getKey(), narrowed);
    }

    public String name() { return name; }

    /** The latest database value. */
    public Db db() { return transactor.db(); }

    public TransactorStats stats() { return transactor.stats(); }

    /** Transactions waiting for the writer. */
    public int queuedTransactions() { return transactor.queued(); }

    /** Transactions applied by the writer and waiting for their commit to the log (not yet visible). */
    public int transactionsAwaitingLog() { return transactor.awaitingLog(); }

    public void registerTxFunction(TxFunction fn) { functions.register(fn); }

    // ---- writes ------------------------------------------------------------------------------

    public CompletableFuture<TxReport> transactAsync(List<?> txData) { return transactor.submit(txData); }

    /**
     * Several independent transactions at once: each is applied in the given order with its own
     * t, report and outcome (one that fails leaves the others be), and all of them go to the log
     * in the same group commit.
     */
    public List<CompletableFuture<TxReport>> transactAllAsync(List<? extends List<?>> txDatas) {
        return transactor.submitAll(txDatas);
    }

    /**
     * A transaction computed by {@code txFn} from the latest value, by the writer, so that
     * nothing commits between the read and the write (an atomic read-modify-write).
     */
    public CompletableFuture<TxReport> transactAsync(Function<Db, List<?>> txFn) { return transactor.submit(txFn); }

    /**
     * The database's identity: the same across restarts, new when a database of the same name is
     * made again. A t is meaningful only together with it.
     */
    public String databaseId() { return id; }

    /** Why this database's log store is failing to keep up, or null: for health checks. */
    public String storageProblem() { return store.problem(); }

    public TxReport transact(List<?> txData) { return await(transactor.submitOnCaller(txData)); }

    public TxReport transact(Function<Db, List<?>> txFn) { return await(transactor.submitOnCaller(txFn)); }

    /**
     * {@link #transactAsync(List)} for a caller about to wait for the outcome: when no transaction
     * is being applied, this thread applies and commits it before returning (the future is then
     * usually complete), sparing the hand-offs to the writer thread and back. Not for a caller that wants
     * to go on while the commit happens.
     */
    public CompletableFuture<TxReport> transactOnCaller(List<?> txData) { return transactor.submitOnCaller(txData); }

    /** {@link #transactAllAsync} for a caller about to wait for the outcomes, as {@link #transactOnCaller}. */
    public List<CompletableFuture<TxReport>> transactAllOnCaller(List<? extends List<?>> txDatas) {
        return transactor.submitAllOnCaller(txDatas);
    }

    /** Datomic's {@code with}: the report of applying tx-data to {@code db}, writing nothing. */
    public TxReport with(Db db, List<?> txData) {
        if (db == null) throw Errors.error(Errors.INVALID_ARGUMENT, "with needs a database value");
        return speculate(db, txData, functions);
    }

    /** {@code with} for any value, using only the built-in and ServiceLoader-registered functions. */
    public static TxReport speculate(Db db, List<?> txData, TxFunctions functions) {
        TxProcessor.Result r = TxProcessor.process(db, txData, functions, new Date());
        return new TxReport(db, r.dbAfter(), r.datoms(), r.tempids());
    }

    private static TxReport await(CompletableFuture<TxReport> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.error(Errors.TIMEOUT, "Interrupted while waiting for the transaction");
        }
    }

    // ---- reads that wait ---------------------------------------------------------------------

    /** A value that includes t: at once when it does, else when the writer gets there. */
    public CompletableFuture<Db> sync(long t) {
        Db db = db();
        if (db.basisT() >= t) return CompletableFuture.completedFuture(db);
        CompletableFuture<Db> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(closedError());
            return f;
        }
        syncWaiters.computeIfAbsent(t, k -> new CopyOnWriteArrayList<>()).add(f);
        if (closed) f.completeExceptionally(closedError());   // closed meanwhile: close() may not have seen it
        // A waiter that gives up (timeout, cancel) leaves at once rather than when t arrives.
        f.whenComplete((db2, err) -> {
            if (err != null) {
                List<CompletableFuture<Db>> l = syncWaiters.get(t);
                if (l != null) l.remove(f);
            }
        });
        db = db();
        if (db.basisT() >= t) releaseWaiters(db);
        return f;
    }

    /** {@link #sync(long)} that fails with a {@link TimeoutException} after the timeout, leaving no waiter behind. */
    public CompletableFuture<Db> sync(long t, java.time.Duration timeout) {
        return sync(t).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Db sync(long t, long timeoutMillis) throws TimeoutException {
        CompletableFuture<Db> f = sync(t);
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }

    public int pendingSyncs() {
        int n = 0;
        for (List<CompletableFuture<Db>> l : syncWaiters.values()) n += l.size();
        return n;
    }

    private void releaseWaiters(Db db) {
        Map<Long, List<CompletableFuture<Db>>> ready = syncWaiters.headMap(db.basisT(), true);
        while (!ready.isEmpty()) {
            Map.Entry<Long, List<CompletableFuture<Db>>> en = syncWaiters.pollFirstEntry();
            if (en == null || en.getKey() > db.basisT()) {
                if (en != null) syncWaiters.merge(en.getKey(), en.getValue(), (a, b) -> { a.addAll(b); return a; });
                break;
            }
            for (CompletableFuture<Db> f : en.getValue()) f.complete(db);
        }
    }

    private void committed(List<TxReport> reports) {
        releaseWaiters(reports.get(reports.size() - 1).dbAfter());
        for (TxReportQueue q : subscribers) for (TxReport r : reports) q.offer(r);
    }

    // ---- the log -----------------------------------------------------------------------------

    /** Subscribes to the reports of transactions committed from now on. */
    public TxReportQueue txReportQueue(int capacity) {
        if (capacity < 1) throw Errors.error(Errors.INVALID_ARGUMENT, "A tx-report queue holds at least one report; capacity " + capacity);
        if (closed) throw closedError();
        TxReportQueue[] self = new TxReportQueue[1];
        self[0] = new TxReportQueue(capacity, () -> subscribers.remove(self[0]));
        subscribers.add(self[0]);
        if (closed) self[0].close();   // closed meanwhile: nothing will ever arrive
        return self[0];
    }

    /**
     * The log as of the latest durable transaction, as Datomic's {@code (d/log conn)}: a value
     * that queries take as an input and read with {@code tx-ids} and {@code tx-data}.
     */
    public Log log() {
        if (closed) throw closedError();
        return new Log(db(), store, () -> { if (closed) throw closedError(); });
    }

    /** One transaction as the log holds it. */
    public record LogTx(long t, List<Datom> datoms) {}

    /**
     * Transactions with startT <= t < endT (null = unbounded), in t order, at most {@code limit};
     * the bounds may also be transaction entity ids, as in Datomic.
     */
    public List<LogTx> txRange(Long startT, Long endT, int limit) {
        if (closed) throw closedError();
        Long end = endT == null ? null : EntityIds.toT(endT);
        List<LogTx> out = new ArrayList<>();
        Db db = db();
        long start = startT == null ? 0 : EntityIds.toT(startT);
        long after = start <= 0 ? -1 : start - 1;   // no t is below 1, and start - 1 must not wrap
        try {
            store.replay(after, entry -> {
                if ((end != null && entry.t() >= end) || out.size() >= limit) throw new StopReplay();
                out.add(new LogTx(entry.t(), LogCodec.decode(entry.datoms(), db.schema())));
            });
        } catch (StopReplay stop) {
            // reached the end of the range
        }
        return out;
    }

    private static final class StopReplay extends RuntimeException {
        StopReplay() { super(null, null, false, false); }
    }

    /** Finishes queued transactions, then closes the store. */
    @Override public synchronized void close() {
        if (closed) return;
        closed = true;
        transactor.close();
        for (TxReportQueue q : subscribers) q.close();
        for (List<CompletableFuture<Db>> l : syncWaiters.values()) {
            for (CompletableFuture<Db> f : l) f.completeExceptionally(closedError());
        }
        try {
            store.close();
        } finally {
            if (folder != null) folder.close();
        }
    }

    private static AccreteException closedError() {
        return Errors.error(Errors.TRANSACTOR_UNAVAILABLE, "The database is closed");
    }
}
