package io.accrete.server.http;

import io.accrete.engine.Connection;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntSupplier;

/** Counters for {@code GET /metrics}, in Prometheus text exposition format 0.0.4. */
public final class Metrics {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    final Histogram transactLatency = new Histogram();
    final Histogram queryLatency = new Histogram();
    final Histogram pullLatency = new Histogram();
    final AtomicInteger openSyncs = new AtomicInteger();
    final AtomicInteger sseClients = new AtomicInteger();
    final LongAdder syncTimeouts = new LongAdder();

    public void transacted(long nanos) { transactLatency.observeNanos(nanos); }
    public void queried(long nanos) { queryLatency.observeNanos(nanos); }
    public void pulled(long nanos) { pullLatency.observeNanos(nanos); }
    public int sseOpened() { return sseClients.incrementAndGet(); }
    public void sseClosed() { sseClients.decrementAndGet(); }

    void request(String method, String route, int status) {
        requests.computeIfAbsent("method=\"" + method + "\",route=\"" + route + "\",status=\"" + status + "\"",
                k -> new LongAdder()).increment();
    }

    String render(Collection<Connection> dbs, IntSupplier withDbs, int inFlight) {
        StringBuilder o = new StringBuilder(4096);
        header(o, "accrete_http_requests_total", "counter", "HTTP requests answered, by route template and status.");
        requests.forEach((labels, n) -> o.append("accrete_http_requests_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        header(o, "accrete_http_in_flight_requests", "gauge", "Requests being processed.");
        o.append("accrete_http_in_flight_requests ").append(inFlight).append('\n');

        perDb(o, dbs, "accrete_transactions_total", "counter", "Transactions committed, per database.", c -> c.stats().transactions());
        perDb(o, dbs, "accrete_tx_batches_total", "counter", "Group commits (storage commits), per database; transactions/batches is the mean batch size.", c -> c.stats().batches());
        perDb(o, dbs, "accrete_tx_batch_size_max", "gauge", "Largest group commit so far, in transactions.", c -> c.stats().largestBatch());
        perDb(o, dbs, "accrete_tx_queued", "gauge", "Transactions waiting for the writer, per database.", c -> c.queuedTransactions());
        perDb(o, dbs, "accrete_tx_awaiting_log", "gauge", "Transactions applied by the writer and waiting for their commit to the log (not yet visible), per database.", c -> c.transactionsAwaitingLog());
        perDb(o, dbs, "accrete_commit_seconds_total", "counter", "Time from the writer starting to apply a batch to the batch's durable commit, summed over batches.", c -> c.stats().commitSeconds());
        perDb(o, dbs, "accrete_tx_apply_seconds_total", "counter", "The writer's time applying transactions (expansion, checks, index updates; rejected ones included), summed.", c -> c.stats().applySeconds());
        perDb(o, dbs, "accrete_log_appends_total", "counter", "Successful appends to the log store (one fdatasync each with durability FSYNC), per database.", c -> c.stats().logAppends());
        perDb(o, dbs, "accrete_log_append_seconds_total", "counter", "Time in successful log store appends (write-ahead log write and fdatasync), summed; divide by accrete_log_appends_total for the mean.", c -> c.stats().logAppendSeconds());
        perDb(o, dbs, "accrete_basis_t", "gauge", "Latest basis t, per database.", c -> c.db().basisT());
        perDb(o, dbs, "accrete_engine_pending_syncs", "gauge", "Sync waiters registered in the engine, per database.", c -> c.pendingSyncs());

        header(o, "accrete_transact_latency_seconds", "histogram", "Time from receiving /transact to its acknowledgement (commit latency seen by clients).");
        transactLatency.write(o, "accrete_transact_latency_seconds", "");
        header(o, "accrete_query_latency_seconds", "histogram", "Time to run /q queries, sync excluded.");
        queryLatency.write(o, "accrete_query_latency_seconds", "");
        header(o, "accrete_pull_latency_seconds", "histogram", "Time to run /pull, sync excluded.");
        pullLatency.write(o, "accrete_pull_latency_seconds", "");
        header(o, "accrete_open_syncs", "gauge", "Reads waiting for a basis-t.");
        o.append("accrete_open_syncs ").append(openSyncs.get()).append('\n');
        header(o, "accrete_sync_timeouts_total", "counter", "Reads that gave up waiting for a basis-t (504).");
        o.append("accrete_sync_timeouts_total ").append(syncTimeouts.sum()).append('\n');
        header(o, "accrete_with_dbs", "gauge", "Speculative /with databases kept.");
        o.append("accrete_with_dbs ").append(withDbs.getAsInt()).append('\n');
        header(o, "accrete_sse_clients", "gauge", "Open /events streams.");
        o.append("accrete_sse_clients ").append(sseClients.get()).append('\n');
        return o.toString();
    }

    private static void header(StringBuilder o, String name, String type, String help) {
        o.append("# HELP ").append(name).append(' ').append(help).append('\n');
        o.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** One metric with a sample per database. */
    private static void perDb(StringBuilder o, Collection<Connection> dbs, String name, String type, String help, Function<Connection, Number> value) {
        header(o, name, type, help);
        for (Connection c : dbs) o.append(name).append("{db=\"").append(c.name()).append("\"} ").append(value.apply(c)).append('\n');
    }
}
