package io.accrete.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one database's asynchronous transactions. Each goes out at once in its own
 * {@code /transact} request while fewer than {@code maxInFlight} are out; past that they queue,
 * and the next request to come back takes everything queued in one {@code /transact-batch}
 * request. Like the server's group commit, it changes nothing at low concurrency, and under many
 * threads spends one HTTP exchange, on both sides, on many transactions. The server applies a
 * batch's transactions in order, each on its own, so each still gets its own report or error.
 */
final class TxBatcher {
    static final Keyword TX_DATA = Keyword.of("tx-data");
    static final Keyword TIMEOUT_MS = Keyword.of("timeout-ms");
    private static final Keyword TRANSACTIONS = Keyword.of("transactions");
    private static final Keyword RESULTS = Keyword.of("results");
    private static final Keyword STATUS = Keyword.of("status");
    private static final Keyword REPORT = Keyword.of("report");
    private static final Keyword ERROR = Keyword.of("error");
    /** The server's limit per batch. */
    static final int MAX_BATCH = 1000;

    private final String db;
    private final Transport transport;
    private final int maxInFlight;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    /** A transaction waiting for its answer; {@code expiry} drops it if it is still queued at its timeout. */
    private static final class Pending {
        final Object txData;
        final Duration timeout;
        final long submittedNanos = System.nanoTime();
        final CompletableFuture<Object> answer = new CompletableFuture<>();
        volatile ScheduledFuture<?> expiry;

        Pending(Object txData, Duration timeout) {
            this.txData = txData;
            this.timeout = timeout;
        }

        /** What is left of the timeout (at least 1 ms), or null for none. */
        Duration remaining() {
            if (timeout == null) return null;
            long left = timeout.toNanos() - (System.nanoTime() - submittedNanos);
            return Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), left));
        }
    }

    TxBatcher(String db, Transport transport, int maxInFlight) {
        this.db = db;
        this.transport = transport;
        this.maxInFlight = maxInFlight;
    }

    /** The server's answer for the transaction (a tx report), or an {@link AccreteException}. */
    CompletableFuture<Object> submit(Object txData, Duration timeout) {
        Pending p = new Pending(txData, timeout);
        boolean sendNow;
        synchronized (this) {
            sendNow = inFlight < maxInFlight;
            if (sendNow) inFlight++;
            else queue.add(p);
        }
        if (sendNow) start(List.of(p));
        else if (timeout != null) expireIfQueued(p);
        return p.answer;
    }

    /** One request for a transaction, as {@code /transact} takes it. */
    static Request transactRequest(String db, Object txData, Duration timeout) {
        Map<Keyword, Object> body = new LinkedHashMap<>();
        body.put(TX_DATA, txData);
        if (timeout != null) body.put(TIMEOUT_MS, Math.max(1, timeout.toMillis()));
        return Request.post(Paths.of(db, "/transact"), body, db, null, httpTimeout(timeout), true);
    }

    /** The server's own timeout answer says more than ours, so give it a moment to arrive. */
    private static Duration httpTimeout(Duration timeout) {
        return timeout == null ? null : timeout.plus(timeout.dividedBy(10)).plusMillis(50);
    }

    private void expireIfQueued(Pending p) {
        try {
            p.expiry = transport.threads().timer().schedule(() -> {
                boolean removed;
                synchronized (this) {
                    removed = queue.remove(p);
                }
                if (removed) {
                    p.answer.completeExceptionally(new AccreteException(AccreteException.TIMEOUT,
                            "the transaction waited " + p.timeout.toMillis() + " ms behind others and was never sent: "
                                    + "it was not applied", Map.of(Keyword.of("sent"), false), 0, null));
                }
            }, p.timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The client is closing: the queued transaction fails with it when the queue is drained.
        }
    }

    private void start(List<Pending> batch) {
        try {
            transport.threads().http().execute(() -> run(batch));
        } catch (RejectedExecutionException e) {
            List<Pending> all = new ArrayList<>(batch);
            synchronized (this) {
                all.addAll(queue);
                queue.clear();
                inFlight--;
            }
            for (Pending p : all) p.answer.completeExceptionally(Transport.closedError(e));
        }
    }

    /**
     * On a pooled thread. The next batch is handed on before this one's futures complete: a
     * caller's callback that blocks, even on another transaction, then never holds up the queue.
     */
    private void run(List<Pending> batch) {
        Object[] outcomes = send(batch);
        List<Pending> next = takeNext();
        if (next != null) start(next);
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (outcomes[i] instanceof AccreteException e) p.answer.completeExceptionally(e);
            else p.answer.complete(outcomes[i]);
        }
    }

    private synchronized List<Pending> takeNext() {
        if (queue.isEmpty()) {
            inFlight--;
            return null;
        }
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
            Pending p = queue.poll();
            ScheduledFuture<?> expiry = p.expiry;
            if (expiry != null) expiry.cancel(false);
            batch.add(p);
        }
        return batch;
    }

    /** Each transaction's answer or {@link AccreteException}, in order. */
    private Object[] send(List<Pending> batch) {
        Object[] out = new Object[batch.size()];
        sendInto(batch, out, 0);
        return out;
    }

    /**
     * A batch the server refuses as too large (413: not taken, so safe to resend) goes again in
     * halves: each of its transactions may well fit, as it would have alone.
     */
    private void sendInto(List<Pending> batch, Object[] out, int from) {
        try {
            if (batch.size() == 1) {
                Pending p = batch.get(0);
                out[from] = transport.call(transactRequest(db, p.txData, p.remaining()));
                return;
            }
            List<?> results = results(transport.call(batchRequest(batch)), batch.size());
            for (int i = 0; i < batch.size(); i++) out[from + i] = outcome(results.get(i));
        } catch (AccreteException e) {
            if (e.status() == 413 && batch.size() > 1) {
                int half = batch.size() / 2;
                sendInto(batch.subList(0, half), out, from);
                sendInto(batch.subList(half, batch.size()), out, from + half);
                return;
            }
            java.util.Arrays.fill(out, from, from + batch.size(), e);
        } catch (RuntimeException e) {
            java.util.Arrays.fill(out, from, from + batch.size(), Transport.asAccrete(e));
        }
    }

    /** The batch as one {@code /transact-batch} request, whose HTTP timeout is its longest entry's. */
    private Request batchRequest(List<Pending> batch) {
        List<Object> entries = new ArrayList<>(batch.size());
        Duration longest = null;
        for (Pending p : batch) {
            Map<Keyword, Object> entry = new LinkedHashMap<>();
            entry.put(TX_DATA, p.txData);
            Duration left = p.remaining();
            if (left != null) entry.put(TIMEOUT_MS, Math.max(1, left.toMillis()));
            Duration limit = left == null ? transport.defaultTimeout() : httpTimeout(left);
            if (longest == null || limit.compareTo(longest) > 0) longest = limit;
            entries.add(entry);
        }
        return Request.post(Paths.of(db, "/transact-batch"), Map.of(TRANSACTIONS, entries), db, null, longest, true);
    }

    private static List<?> results(Object answer, int expected) {
        Object results = Wire.asMap(answer).get(RESULTS);
        if (!(results instanceof List<?> l) || l.size() != expected) {
            throw Wire.invalid(expected + " results", results);
        }
        return l;
    }

    /** A result's report, or its error as the exception {@code /transact} would have raised. */
    private static Object outcome(Object result) {
        Map<?, ?> m = Wire.asMap(result);
        long status = Wire.asLong(m.get(STATUS));
        if (status == 200) return m.get(REPORT);
        return Responses.error((int) status, m.get(ERROR), true, "HTTP " + status);
    }

    /** For the batch test: how many transactions wait to be sent. */
    synchronized int queued() { return queue.size(); }
}
