package io.accrete.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one database's asynchronous transactions. Each goes out at once in its own
 * {@code /transact-batch} request while fewer than {@code maxInFlight} are out; past that they queue,
 * and the next request to come back takes everything queued in one {@code /transact-batch}
 * request. Like the server's group commit, it changes nothing at low concurrency, and under many
 * threads spends one HTTP exchange, on both sides, on many transactions. The server applies a
 * batch's transactions in order, each on its own, so each still gets its own report or error.
 *
 * <p>A batch of one still goes to {@code /transact-batch}, not {@code /transact}: the server
 * commits a {@code /transact} on the request thread when the database is idle, which a caller
 * blocked on its answer wants, but for pipelined transactions a quicker answer to a lone one only
 * makes the batches behind it smaller (docs/benchmarks.md, stop 22: 6% fewer transactions from 16
 * threads when singles went to {@code /transact}).
 *
 * <p>Invariant: the queue is non-empty only while {@code inFlight == maxInFlight}; a sender that
 * comes back hands its slot to the next batch, or gives it up when nothing waits.
 */
final class TxBatcher {
    static final Keyword TX_DATA = Keyword.of("tx-data");
    static final Keyword TIMEOUT_MS = Keyword.of("timeout-ms");
    private static final Keyword TRANSACTIONS = Keyword.of("transactions");
    private static final Keyword RESULTS = Keyword.of("results");
    private static final Keyword STATUS = Keyword.of("status");
    private static final Keyword REPORT = Keyword.of("report");
    private static final Keyword ERROR = Keyword.of("error");
    private static final Map<Keyword, Object> NOT_SENT = Map.of(Keyword.of("sent"), false);
    /** The server's limit per batch (past it the server answers 413, and the batch goes in halves). */
    static final int MAX_BATCH = 1000;

    private final String db;
    private final Transport transport;
    private final int maxInFlight;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int inFlight;

    /** A transaction waiting for its answer. */
    private static final class Pending {
        final Object txData;
        final Duration timeout;
        final long deadlineNanos;
        final CompletableFuture<Object> answer = new CompletableFuture<>();
        /** Fails the transaction when its timeout passes; cancelled once it is answered. */
        volatile ScheduledFuture<?> expiry;

        Pending(Object txData, Duration timeout) {
            this.txData = txData;
            this.timeout = timeout;
            this.deadlineNanos = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        }

        /** What is left of the timeout, or null for none; zero or less once it has passed. */
        Duration remaining() {
            return timeout == null ? null : Duration.ofNanos(deadlineNanos - System.nanoTime());
        }

        /** Its time ran out before it could be sent (on the way to a pooled thread, say). */
        boolean expired() {
            Duration left = remaining();
            return left != null && (left.isNegative() || left.isZero());
        }

        /** What is left, at least a millisecond: the moment between checking and sending must not make it negative. */
        Duration left() {
            Duration left = remaining();
            return left == null ? null : left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left;
        }

        void fail(AccreteException e) { answer.completeExceptionally(e); }
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
            // Scheduled under the lock: expire() then knows for sure whether p was sent.
            if (timeout != null && !sendNow) scheduleExpiry(p, timeout, this::expire);
        }
        if (sendNow) start(List.of(p));
        return p.answer;
    }

    /** One request for a transaction, as {@code /transact} takes it. */
    static Request transactRequest(String db, Object txData, Duration timeout) {
        return Request.post(Paths.of(db, "/transact"), entry(txData, timeout), db, null, httpTimeout(timeout), true);
    }

    /** {@code {:tx-data … :timeout-ms …}}: a {@code /transact} body, and one entry of a batch. */
    private static Map<Keyword, Object> entry(Object txData, Duration timeout) {
        Map<Keyword, Object> m = new LinkedHashMap<>();
        m.put(TX_DATA, txData);
        if (timeout != null) m.put(TIMEOUT_MS, Math.max(1, timeout.toMillis()));
        return m;
    }

    /** The server's own timeout answer says more than ours, so give it a moment to arrive. */
    private static Duration httpTimeout(Duration timeout) {
        return timeout == null ? null : timeout.plus(timeout.dividedBy(10)).plusMillis(50);
    }

    private void scheduleExpiry(Pending p, Duration after, java.util.function.Consumer<Pending> action) {
        try {
            p.expiry = transport.threads().timer().schedule(() -> action.accept(p), after.toNanos(), TimeUnit.NANOSECONDS);
            p.answer.whenComplete((v, e) -> p.expiry.cancel(false));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The client is closing: the transaction fails with it.
        }
    }

    /**
     * Withdraws the transaction whose answer is {@code answer} if it still waits here, never sent
     * (its caller cancelled); one already sent cannot be recalled. True when it was withdrawn.
     */
    boolean withdraw(CompletableFuture<Object> answer) {
        Pending found = null;
        synchronized (this) {
            for (Pending p : queue) {
                if (p.answer == answer) {
                    found = p;
                    break;
                }
            }
            if (found != null) queue.remove(found);
        }
        if (found == null) return false;
        found.answer.cancel(false);
        return true;
    }

    /** At a queued transaction's timeout: never sent if it still waits, else give the server its moment. */
    private void expire(Pending p) {
        boolean removed;
        synchronized (this) {
            removed = queue.remove(p);
        }
        if (removed) p.fail(notSent(p));
        else scheduleExpiry(p, httpTimeout(p.timeout).minus(p.timeout), this::unanswered);
    }

    /** A batched transaction past its timeout (plus the server's moment) and still without an answer. */
    private void unanswered(Pending p) {
        p.fail(new AccreteException(AccreteException.OUTCOME_UNKNOWN, "no answer within " + p.timeout.toMillis()
                + " ms after the transaction was sent (in a batch): it may or may not have been applied; "
                + "read to find out before retrying", Map.of(Keyword.of("sent"), true, AccreteException.TIMED_OUT, true), 0, null));
    }

    private static AccreteException notSent(Pending p) {
        return new AccreteException(AccreteException.TIMEOUT, "the transaction waited " + p.timeout.toMillis()
                + " ms behind others and was never sent: it was not applied", NOT_SENT, 0, null);
    }

    /** Hands a batch to a pooled thread; if none can be had, it and everything queued fail. */
    private void start(List<Pending> batch) {
        try {
            transport.threads().http().execute(() -> run(batch));
        } catch (Throwable t) {
            List<Pending> all = new ArrayList<>(batch);
            synchronized (this) {
                all.addAll(queue);
                queue.clear();
                inFlight--;
            }
            AccreteException e = transport.isClosed() ? Transport.closedError(t)
                    : new AccreteException(AccreteException.UNAVAILABLE, "the client could not start a thread to send "
                            + "the transaction: " + t + "; it was not sent", NOT_SENT, 0, t);
            for (Pending p : all) p.fail(e);
        }
    }

    /**
     * On a pooled thread. The next batch is handed on before this one's futures complete: a
     * caller's callback that blocks, even on another transaction, then never holds up the queue.
     */
    private void run(List<Pending> batch) {
        Object[] outcomes = new Object[batch.size()];
        try {
            sendInto(batch, outcomes, 0);
        } catch (Throwable t) {
            // sendInto answers every transaction itself; this is for what escaped it (an Error).
            for (int i = 0; i < outcomes.length; i++) if (outcomes[i] == null) outcomes[i] = Transport.asAccrete(t);
        }
        try {
            List<Pending> next = takeNext();
            if (next != null) start(next);
        } finally {
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                if (outcomes[i] instanceof AccreteException e) p.fail(e);
                else p.answer.complete(outcomes[i]);
            }
        }
    }

    /** The next batch, keeping this sender's slot; or null, giving it up. Expired ones are not sent. */
    private List<Pending> takeNext() {
        List<Pending> batch = new ArrayList<>();
        List<Pending> expired = null;
        synchronized (this) {
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                Pending p = queue.poll();
                Duration left = p.remaining();
                if (left != null && left.toMillis() < 1) {
                    if (expired == null) expired = new ArrayList<>();
                    expired.add(p);
                } else {
                    batch.add(p);
                }
            }
            if (batch.isEmpty()) inFlight--;
        }
        if (expired != null) for (Pending p : expired) p.fail(notSent(p));
        return batch.isEmpty() ? null : batch;
    }

    /**
     * Fills {@code out[from…]} with each transaction's answer or {@link AccreteException}. A batch
     * the server refuses as too large (413: not taken, so safe to resend) goes again in halves, and
     * one whose body cannot be built goes transaction by transaction, so that one transaction's
     * data never fails another.
     */
    private void sendInto(List<Pending> batch, Object[] out, int from) {
        boolean anyExpired = false;
        for (Pending p : batch) anyExpired |= p.expired();
        if (anyExpired) {
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                out[from + i] = p.expired() ? notSent(p) : sendOne(p);
            }
            return;
        }
        Request request;
        try {
            request = batchRequest(batch);
        } catch (RuntimeException | StackOverflowError e) {
            for (int i = 0; i < batch.size(); i++) out[from + i] = sendOne(batch.get(i));
            return;
        }
        try {
            List<?> results = results(transport.call(request), batch.size());
            for (int i = 0; i < batch.size(); i++) out[from + i] = outcome(results.get(i));
        } catch (AccreteException e) {
            if (e.status() == 413 && batch.size() > 1) {
                int half = batch.size() / 2;
                sendInto(batch.subList(0, half), out, from);
                sendInto(batch.subList(half, batch.size()), out, from + half);
                return;
            }
            Arrays.fill(out, from, from + batch.size(), e);
        } catch (RuntimeException e) {
            Arrays.fill(out, from, from + batch.size(), Transport.asAccrete(e));
        }
    }

    private Object sendOne(Pending p) {
        Request request;
        try {
            request = transactRequest(db, p.txData, p.left());
        } catch (AccreteException e) {
            // Request.post turns every encoding failure into one of these
            return new AccreteException(e.category(), e.getMessage(), NOT_SENT, 0, e.getCause());
        }
        try {
            return transport.call(request);
        } catch (AccreteException e) {
            return e;
        } catch (RuntimeException e) {
            return Transport.asAccrete(e);
        }
    }

    /** The batch as one {@code /transact-batch} request, whose HTTP timeout is its longest entry's. */
    private Request batchRequest(List<Pending> batch) {
        List<Object> entries = new ArrayList<>(batch.size());
        Duration longest = null;
        for (Pending p : batch) {
            Duration left = p.left();
            Duration limit = left == null ? transport.defaultTimeout() : httpTimeout(left);
            if (longest == null || limit.compareTo(longest) > 0) longest = limit;
            entries.add(entry(p.txData, left));
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

    /** For tests: how many transactions wait to be sent. */
    synchronized int queued() { return queue.size(); }
}
