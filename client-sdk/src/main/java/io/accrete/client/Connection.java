package io.accrete.client;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to one database on the server: transactions, database values and reads.
 * Thread-safe and cheap; everything it sends carries the latest basis-t this client knows for
 * the database, so a read never sees a database older than this client's own writes.
 *
 * <p>tx-data is either Java data (a {@link List} of maps and lists, with {@link Keyword}s; see
 * {@link Edn}) or EDN text such as {@code "[{:person/name \"Ada\"}]"}. Queries and pull selectors
 * likewise: Java data or EDN text.
 */
public final class Connection {
    private static final Keyword DB = Keyword.of("db");

    private final String name;
    private final Transport transport;
    private final Reads reads;
    private final List<TxReportQueue> queues;

    Connection(String name, Transport transport, int pageSize, List<TxReportQueue> queues) {
        this.name = name;
        this.transport = transport;
        this.reads = new Reads(name, transport, pageSize);
        this.queues = queues;
    }

    /** The database's name. */
    public String name() { return name; }

    /** The latest t this client knows the database to have reached (its writes, its reads), or null. */
    public Long basisT() { return transport.basis().get(name); }

    // ---- writes -----------------------------------------------------------------------------

    /** Transacts and waits for the report, within the client's default request timeout. */
    public TxReport transact(Object txData) { return transact(txData, null); }

    /**
     * Transacts and waits at most {@code timeout}. Past it, the exception's
     * {@link AccreteException#isOutcomeUnknown()} is true: the transaction may still commit.
     */
    public TxReport transact(Object txData, Duration timeout) {
        // On the caller's thread: no pooled thread to hand the request to and the answer back from.
        Reads.checkTimeout(timeout);
        return report(transport.call(TxBatcher.transactRequest(name, txDataForm(txData), timeout)));
    }

    /**
     * Transacts without blocking; the future fails with an {@link AccreteException} (also for
     * data that cannot be put on the wire: {@link AccreteException#INVALID_REQUEST}, not sent).
     * When many are in flight, the client sends those waiting together in one request (see
     * {@link AccreteClient.Builder#maxTransactRequests}); each still gets its own report or error.
     */
    public CompletableFuture<TxReport> transactAsync(Object txData) { return transactAsync(txData, null); }

    /**
     * {@link #transactAsync(Object)} bounded by {@code timeout}: past it the future fails with
     * {@link AccreteException#isOutcomeUnknown()} true, or, when the transaction was still waiting
     * behind others and never sent, with {@link AccreteException#isTimeout()} true (not applied).
     * Cancelling the future withdraws a transaction still waiting in the client (never sent, so
     * not applied); one already sent cannot be recalled, and is applied or not as the server decides.
     */
    public CompletableFuture<TxReport> transactAsync(Object txData, Duration timeout) {
        try {
            Reads.checkTimeout(timeout);
            TxBatcher batcher = transport.batcher(name);
            CompletableFuture<Object> answer = batcher.submit(txDataForm(txData), timeout);
            CompletableFuture<TxReport> report = answer.thenApply(this::report);
            report.whenComplete((r, e) -> {
                if (report.isCancelled()) batcher.withdraw(answer);
            });
            return report;
        } catch (AccreteException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * What the transaction would do to {@code db}, without writing anything (Datomic's
     * {@code with}). The report's {@code dbAfter} can be read like any other {@link Db} for as long
     * as the server keeps it.
     */
    public TxReport with(Db db, Object txData) {
        Map<Keyword, Object> body = new LinkedHashMap<>();
        body.put(TxBatcher.TX_DATA, txDataForm(txData));
        body.put(DB, db);
        return Wire.txReport(transport.call(Request.post(Paths.of(name, "/with"), body, name, null, null, false)));
    }

    /**
     * The server acknowledged the transaction (2xx); a report that cannot be read then says
     * nothing about whether it applied, so it is an unknown outcome, never a plain failure.
     */
    private TxReport report(Object answer) {
        TxReport report;
        try {
            report = Wire.txReport(answer);
        } catch (AccreteException e) {
            throw new AccreteException(AccreteException.OUTCOME_UNKNOWN, "the server acknowledged the transaction but its "
                    + "report could not be read (" + e.getMessage() + "): it was probably applied; read to find out before "
                    + "retrying", Map.of(Keyword.of("sent"), true), 0, e);
        }
        transport.basis().advance(name, report.t());
        return report;
    }

    private static Object txDataForm(Object txData) {
        if (txData instanceof String edn) return new RawEdn(edn);
        if (txData instanceof Collection<?> || txData instanceof RawEdn) return txData;
        throw AccreteException.invalidRequest("tx-data must be a List or an EDN string, not "
                + (txData == null ? "null" : txData.getClass().getName()));
    }

    // ---- database values ---------------------------------------------------------------------

    /** The current database value, at least as recent as this client's last write. */
    public Db db() { return reads.descriptor("/db", null); }

    /** A database value that includes t, waiting (within the default timeout) until the server has it. */
    public Db sync(long t) { return sync(t, null); }

    /**
     * Like {@link #sync(long)}, waiting at most {@code timeout} (or the server's own sync limit,
     * whichever is shorter); past it fails with {@link AccreteException#isTimeout()} true.
     */
    public Db sync(long t, Duration timeout) { return reads.descriptor("/sync/" + t, timeout); }

    // ---- reads -------------------------------------------------------------------------------

    /**
     * Runs a query, Datomic style: {@code db} is bound to {@code $} (pass more {@link Db}s among
     * {@code args} for {@code :in $a $b}); the result is as the server gives it: a set of lists
     * for a relation, a list for a collection or tuple, a single value for a scalar.
     */
    public Object q(Object query, Db db, Object... args) { return reads.q(query, db, args, null); }

    /** {@link #q} with a timeout and paging of the result ({@code :offset}, {@code :limit}). */
    public Object q(Query query) { return reads.q(query); }

    /** A query with a scalar find ({@code :find ?x .}): its single value, or null. */
    @SuppressWarnings("unchecked")
    public <T> T qScalar(Object query, Db db, Object... args) { return (T) q(query, db, args); }

    /** A query with a collection find ({@code :find [?x ...]}). */
    public <T> List<T> qCollection(Object query, Db db, Object... args) {
        return QueryResults.collection(q(query, db, args));
    }

    /** A query with a tuple find ({@code :find [?x ?y]}): one tuple, or null when nothing matched. */
    public List<Object> qTuple(Object query, Db db, Object... args) { return QueryResults.tuple(q(query, db, args)); }

    /** A query with a relation find ({@code :find ?x ?y}): its tuples. */
    public Collection<List<Object>> qRelation(Object query, Db db, Object... args) {
        return QueryResults.relation(q(query, db, args));
    }

    /**
     * The entity {@code eid} (an id, an ident keyword, or a lookup ref {@code [attr value]}) pulled
     * with {@code selector}, e.g. {@code "[*]"} or {@code vec(kw(":person/name"))}.
     */
    public Map<Keyword, Object> pull(Db db, Object selector, Object eid) { return reads.pull(db, selector, eid); }

    /** {@link #pull} for several entities, in order. */
    public List<Map<Keyword, Object>> pullMany(Db db, Object selector, List<?> eids) {
        return reads.pullMany(db, selector, eids);
    }

    /** Every attribute of an entity, as a map (Datomic's {@code entity}, eagerly). */
    public Map<Keyword, Object> entity(Db db, Object eid) { return reads.entity(db, eid); }

    /**
     * The datoms of an index ({@code :eavt}, {@code :aevt}, {@code :avet} or {@code :vaet}) whose
     * leading components match {@code components}, fetched page by page as it is iterated.
     */
    public Iterable<Datom> datoms(Db db, Keyword index, Object... components) {
        return reads.datoms(db, index, components);
    }

    /** The {@code :avet} datoms of {@code attr} with start ≤ value &lt; end (null for an open end), as Datomic's index-range: the server seeks to start. */
    public Iterable<Datom> indexRange(Db db, Keyword attr, Object start, Object end) {
        return reads.indexRange(db, attr, start, end);
    }

    /** The transactions with start ≤ t &lt; end from the log (nulls for open ends), page by page. */
    public Iterable<LogEntry> txRange(Long start, Long end) { return reads.txRange(start, end); }

    // ---- tx reports --------------------------------------------------------------------------

    /**
     * Every transaction committed after this call. The start is pinned to the server's basis-t
     * now, so a transaction made right after subscribing is never missed while the stream connects.
     */
    public TxReportQueue txReports() { return txReports(db().basisT()); }

    /**
     * Every transaction after {@code afterT} (a t, or a transaction's entity id as {@link Datom#tx()}
     * gives it) and from then on; null for only those committed from now on. Resumes across server restarts.
     */
    public TxReportQueue txReports(Long afterT) {
        if (afterT != null && afterT < 0) throw AccreteException.invalidRequest("txReports takes a t or a transaction id, not " + afterT);
        // A transaction id carries its partition above the t's 42 bits, as the server reads it too.
        Long t = afterT == null ? null : afterT & ((1L << 42) - 1);
        TxReportQueue q = new TxReportQueue(name, transport, t, queues::remove);
        queues.add(q);
        q.start();
        return q;
    }

    @Override public String toString() { return "Connection[" + name + "]"; }
}
