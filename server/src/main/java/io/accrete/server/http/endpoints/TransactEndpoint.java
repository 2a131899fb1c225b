package io.accrete.server.http.endpoints;

import io.accrete.engine.Connection;
import io.accrete.engine.data.Keyword;
import io.accrete.engine.error.Errors;
import io.accrete.engine.tx.TxReport;
import io.accrete.server.errors.ServerErrors;
import io.accrete.server.http.Access;
import io.accrete.server.http.ErrorMapper;
import io.accrete.server.http.Exchange;
import io.accrete.server.http.ReadYourWrites;
import io.accrete.server.http.Route;
import io.accrete.server.http.Views;
import io.accrete.server.wire.JsonConvention;
import io.accrete.server.wire.WireFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.javalin.http.HandlerType.POST;

/**
 * {@code POST /transact {:tx-data [...] :timeout-ms n}}: answers the tx report once the
 * transaction is durable, and sets the read-your-writes cookie. When the database is idle the
 * request thread applies and commits it itself; otherwise it waits a moment for the group commit
 * and is then released.
 *
 * <p>{@code POST /transact-batch {:transactions [{:tx-data [...] :timeout-ms n} ...]}} submits
 * several independent transactions in one request, in the order given, and answers each one's
 * outcome: what a client with many transactions in flight sends instead of one request each. They
 * are queued for the writer together, so they share one group commit.
 */
public final class TransactEndpoint {
    static final Keyword TX_DATA = Keyword.of("tx-data");
    static final Keyword TIMEOUT_MS = Keyword.of("timeout-ms");
    static final Keyword TRANSACTIONS = Keyword.of("transactions");
    static final Keyword RESULTS = Keyword.of("results");
    static final Keyword STATUS = Keyword.of("status");
    static final Keyword REPORT = Keyword.of("report");
    static final Keyword ERROR = Keyword.of("error");
    /** Enough for any client's transactions in flight; the body limit bounds their size. */
    static final int MAX_BATCH = 1000;

    private TransactEndpoint() {}

    public static List<Route> routes() {
        return List.of(Route.db(POST, "/transact", Access.WRITE, TransactEndpoint::transact),
                Route.db(POST, "/transact-batch", Access.WRITE, TransactEndpoint::transactBatch));
    }

    static void transact(Exchange ex) throws Exception {
        Map<?, ?> body = ex.bodyMap(true);
        Connection conn = ex.conn();
        List<?> txData = txData(ex, body, conn);
        long timeout = Params.optionalLong(body, TIMEOUT_MS, ex.services.config.txTimeoutMs());
        long started = System.nanoTime();
        // An idle database lets the request thread apply and commit the transaction itself (no
        // hand-off to the writer and back). A timeout the client chose shorter than the server's
        // is kept exactly instead: the writer applies it, and the request stops waiting on time.
        CompletableFuture<TxReport> committed = timeout >= ex.services.config.txTimeoutMs()
                ? conn.transactOnCaller(txData) : conn.transactAsync(txData);
        answer(ex, committed, timeout, false, report -> {
            ex.services.metrics.transacted(System.nanoTime() - started);
            ReadYourWrites.setCookie(ex.ctx, ex.dbName, ex.isDefaultDb(), report.t());
            ex.respond(200, Views.report(ex.dbName, report));
        });
    }

    /**
     * How long the request thread waits for a commit before it is released. A durable commit takes
     * well under a millisecond (a few under load), and answering on the request thread spares the
     * asynchronous dispatch, a worker's wake-up and a timeout timer, about a fifth of a sequential
     * transaction's round trip (docs/benchmarks.md, stop 21). Past it, a stalled log holds no thread.
     */
    static final long REQUEST_THREAD_WAIT_MS = 5;

    /**
     * Runs {@code action} with the acknowledged value: on the request thread when it comes within
     * {@link #REQUEST_THREAD_WAIT_MS}, else from a worker, or fails with {@code :db.error/timeout}
     * once {@code timeoutMs} have passed in all (unless {@code timesOutItself}: a batch whose
     * transactions each carry their own timeout). A failure is thrown as it is, for the route's wrapper.
     */
    private static <T> void answer(Exchange ex, CompletableFuture<T> f, long timeoutMs, boolean timesOutItself,
                                   Exchange.Action<T> action) throws Exception {
        long wait = Math.min(timeoutMs, REQUEST_THREAD_WAIT_MS);
        T value;
        try {
            value = f.get(wait, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException notYet) {
            if (notYet instanceof InterruptedException) Thread.currentThread().interrupt();
            ex.when(timesOutItself ? f : acknowledged(f, timeoutMs - wait, timeoutMs), action);
            return;
        }
        action.accept(value);
    }

    /**
     * Every transaction is checked and applied on its own, as if each came in its own request:
     * one that fails leaves the others be. The request itself fails (with one error for all) only
     * when its body is not a batch at all.
     */
    static void transactBatch(Exchange ex) throws Exception {
        Map<?, ?> body = ex.bodyMap(true);
        Connection conn = ex.conn();
        if (!(body.get(TRANSACTIONS) instanceof List<?> entries) || entries.isEmpty()) {
            throw ServerErrors.error(ServerErrors.INVALID_REQUEST,
                    ":transactions must be a non-empty vector of {:tx-data [...]} maps", "got", Exchange.kind(body.get(TRANSACTIONS)));
        }
        if (entries.size() > MAX_BATCH) {
            // Too large, not malformed: a client can send the same transactions in smaller batches.
            throw ServerErrors.error(ServerErrors.REQUEST_TOO_LARGE, "A batch holds at most " + MAX_BATCH + " transactions",
                    "count", (long) entries.size());
        }
        long defaultTimeout = Params.optionalLong(body, TIMEOUT_MS, ex.services.config.txTimeoutMs());
        long started = System.nanoTime();
        // Checked one by one, then submitted together, so that the writer takes them into one commit.
        List<CompletableFuture<TxReport>> outcomes = new ArrayList<>(entries.size());
        List<Checked> valid = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            try {
                valid.add(check(ex, conn, entry, outcomes.size(), defaultTimeout));
                outcomes.add(null);   // its place, filled once submitted
            } catch (RuntimeException e) {
                // a malformed entry is a failed outcome, not a failed batch
                outcomes.add(CompletableFuture.failedFuture(e));
            }
        }
        List<CompletableFuture<TxReport>> submitted = valid.isEmpty() ? List.of()
                : conn.transactAllAsync(valid.stream().<List<?>>map(Checked::txData).toList());
        for (int i = 0; i < submitted.size(); i++) {
            Checked c = valid.get(i);
            CompletableFuture<TxReport> f = acknowledged(submitted.get(i), c.timeoutMs(), c.timeoutMs());
            // Each transaction's own commit latency, as /transact records it, not the whole batch's.
            f.thenRun(() -> ex.services.metrics.transacted(System.nanoTime() - started));
            outcomes.set(c.at(), f);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .handle((v, err) -> null);
        answer(ex, all, defaultTimeout, true, v -> {
            List<Object> results = new ArrayList<>(outcomes.size());
            long lastT = -1;
            for (CompletableFuture<TxReport> f : outcomes) {
                Map<Keyword, Object> result = new LinkedHashMap<>();
                try {
                    TxReport report = f.join();
                    lastT = Math.max(lastT, report.t());
                    result.put(STATUS, 200L);
                    result.put(REPORT, Views.report(ex.dbName, report));
                } catch (CompletionException | java.util.concurrent.CancellationException err) {
                    var e = ErrorMapper.toAccrete(err);
                    result.put(STATUS, (long) ErrorMapper.status(e.category()));
                    result.put(ERROR, ErrorMapper.body(e));
                }
                results.add(result);
            }
            if (lastT >= 0) ReadYourWrites.setCookie(ex.ctx, ex.dbName, ex.isDefaultDb(), lastT);
            ex.respond(200, Map.of(RESULTS, results));
        });
    }

    /** A well-formed entry of a batch: its place in the batch, its tx-data and its timeout. */
    private record Checked(int at, List<?> txData, long timeoutMs) {}

    private static Checked check(Exchange ex, Connection conn, Object entry, int at, long defaultTimeout) {
        if (!(entry instanceof Map<?, ?> m)) {
            throw ServerErrors.error(ServerErrors.INVALID_REQUEST, "Each of :transactions must be a map {:tx-data [...]}",
                    "got", Exchange.kind(entry));
        }
        return new Checked(at, txData(ex, m, conn), Params.optionalLong(m, TIMEOUT_MS, defaultTimeout));
    }

    /**
     * The transaction's report, or {@code :db.error/timeout} once {@code remainingMs} more have passed
     * without it; the error names the {@code :timeout-ms} the client gave.
     */
    private static <T> CompletableFuture<T> acknowledged(CompletableFuture<T> f, long remainingMs, long timeoutMs) {
        if (f.isDone()) return f;
        return f.orTimeout(remainingMs, TimeUnit.MILLISECONDS).exceptionally(err -> {
            if (err instanceof java.util.concurrent.TimeoutException) {
                throw ServerErrors.error(Errors.TIMEOUT, "The transaction was not acknowledged within " + timeoutMs
                        + " ms; it may still commit (check /tx-range or /sync)", "timeout-ms", timeoutMs);
            }
            throw err instanceof RuntimeException re ? re : new CompletionException(err);
        });
    }

    static List<?> txData(Exchange ex, Map<?, ?> body, Connection conn) {
        Object raw = body.get(TX_DATA);
        if (ex.in == WireFormat.JSON) raw = JsonConvention.txData(raw, conn.db());
        if (!(raw instanceof List<?> l)) {
            throw ServerErrors.error(Errors.INVALID_TX, ":tx-data must be a vector of assertions, retractions and entity maps",
                    "got", Exchange.kind(raw));
        }
        return l;
    }
}
