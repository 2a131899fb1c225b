package io.accrete.client;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The transactions committed to a database, in t order, as they commit: the client side of the
 * server's {@code /events} stream (Datomic's tx-report queue). When the stream breaks (a server
 * restart, a network fault) it reconnects, trying each server URI in turn, and resumes after the
 * last t it delivered ({@code Last-Event-ID}), so no report is lost or repeated. Back-pressure:
 * while {@value #CAPACITY} reports wait unread, it stops reading the stream.
 * <pre>{@code
 * try (TxReportQueue reports = conn.txReports()) {
 *     TxReport r = reports.poll(Duration.ofSeconds(5));
 * }
 * }</pre>
 * {@link #close()} ends the stream and frees its connection; waiting takers get a
 * {@link AccreteException#CLOSED} error.
 */
public final class TxReportQueue implements AutoCloseable {
    static final int CAPACITY = 1024;
    private static final Object CLOSED_MARK = new Object();
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2000;
    /** The server sends a keep-alive comment every 15 s; three missed ones mean a dead link. */
    private static final long IDLE_LIMIT_MS = 45_000;

    private final String db;
    private final Transport transport;
    private final Consumer<TxReportQueue> onClose;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(CAPACITY + 1);
    private final Object lock = new Object();

    // Guarded by lock: the live stream, a report waiting for room, and the reconnect schedule.
    private Flow.Subscription subscription;
    private TxReport parked;
    private Future<?> reconnect;
    private Future<?> watchdog;
    private volatile long lastLineNanos = System.nanoTime();
    private CompletableFuture<?> inFlight;
    private int uriIndex;
    private long backoffMs = MIN_BACKOFF_MS;
    private int generation;
    private volatile long lastT;
    /** The identity of the database lastT belongs to, once a stream has named it. */
    private String dbId;
    private volatile boolean closed;
    private volatile AccreteException failure;

    TxReportQueue(String db, Transport transport, Long afterT, Consumer<TxReportQueue> onClose) {
        this.db = db;
        this.transport = transport;
        this.onClose = onClose;
        this.lastT = afterT == null ? -1 : afterT;
        this.dbId = transport.basis().id(db);
        this.uriIndex = transport.currentIndex();
    }

    /** The next report, waiting as long as it takes; fails once the queue is closed. */
    public TxReport take() throws InterruptedException {
        return unwrap(queue.take());
    }

    /** The next report, or null when none arrives within {@code timeout}; fails once closed. */
    public TxReport poll(Duration timeout) throws InterruptedException {
        Object o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return o == null ? null : unwrap(o);
    }

    /** The t of the last report received (delivered or waiting), or -1 (or the start t) before any. */
    public long lastT() { return lastT; }

    public boolean isClosed() { return closed; }

    /** Ends the stream and wakes every taker. Idempotent. */
    @Override public void close() {
        Flow.Subscription s;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            // Cancelling the exchange ends its stream. Cancelling the stream's subscription as well raced
            // with that inside the JDK and, about once in 40 closes, left the exchange counted as pending,
            // so that the JDK client's selector thread outlived the client: the subscription is cancelled
            // only when there is no exchange to cancel.
            s = inFlight == null ? subscription : null;
            subscription = null;
            parked = null;
            if (reconnect != null) reconnect.cancel(false);
            if (watchdog != null) watchdog.cancel(false);
            if (inFlight != null) inFlight.cancel(true);
            queue.clear();
            queue.offer(CLOSED_MARK);
        }
        if (s != null) s.cancel();
        onClose.accept(this);
    }

    void start() {
        try {
            Future<?> w = transport.threads().timer().scheduleWithFixedDelay(this::checkIdle,
                    IDLE_LIMIT_MS / 3, IDLE_LIMIT_MS / 3, TimeUnit.MILLISECONDS);
            synchronized (lock) {
                watchdog = w;
            }
        } catch (RuntimeException e) {
            close(); // the client is closed: so is this queue
            return;
        }
        connect();
    }

    /** A connection that went silent (a half-open TCP link) is dropped and made again. */
    private void checkIdle() {
        Flow.Subscription stale;
        synchronized (lock) {
            if (closed || subscription == null
                    || System.nanoTime() - lastLineNanos < TimeUnit.MILLISECONDS.toNanos(IDLE_LIMIT_MS)) return;
            stale = subscription;
            subscription = null;
        }
        stale.cancel();
        connect();
    }

    private TxReport unwrap(Object o) {
        if (o == CLOSED_MARK) {
            queue.offer(CLOSED_MARK);
            AccreteException f = failure;
            throw f != null ? f : new AccreteException(AccreteException.CLOSED, "the tx-report queue is closed");
        }
        TxReport r = (TxReport) o;
        refill();
        return r;
    }

    /** Moves a report that found the queue full into it, and resumes reading the stream. */
    private void refill() {
        Flow.Subscription resume = null;
        synchronized (lock) {
            if (parked != null && queue.offer(parked)) {
                parked = null;
                resume = subscription;
            }
        }
        if (resume != null) resume.request(1);
    }

    private void connect() {
        int gen;
        HttpRequest request;
        synchronized (lock) {
            if (closed) return;
            gen = ++generation;
            HttpRequest.Builder b = HttpRequest.newBuilder(transport.uri(uriIndex, Paths.of(db, "/events?format=transit")))
                    // Transit for errors answered before the stream starts (404 for a deleted database).
                    .header("Accept", "text/event-stream, " + Request.TRANSIT + ";q=0.9")
                    .GET();
            if (lastT >= 0) b.header("Last-Event-ID", Long.toString(lastT));
            // The database lastT belongs to: if it has been deleted and made again, the server starts over.
            if (dbId != null) b.header(Transport.DB_HEADER, dbId);
            request = b.build();
        }
        CompletableFuture<HttpResponse<byte[]>> f;
        try {
            f = transport.http().sendAsync(request, info -> info.statusCode() == 200 && started(gen, info.headers())
                    ? HttpResponse.BodySubscribers.mapping(
                            HttpResponse.BodySubscribers.fromLineSubscriber(new Lines(gen), l -> null,
                                    StandardCharsets.UTF_8, null), x -> (byte[]) null)
                    : HttpResponse.BodySubscribers.ofByteArray());
        } catch (RuntimeException e) {
            // The client's executor is shut down: the client was closed under us.
            close();
            return;
        }
        synchronized (lock) {
            if (closed) {
                f.cancel(true);
                return;
            }
            inFlight = f;
        }
        f.whenComplete((resp, err) -> ended(gen, resp, err));
    }

    /**
     * A stream begins: when it is of another database than the one lastT belongs to (deleted and
     * made again), that t means nothing in it and every report of the new one is new. Always true.
     */
    private boolean started(int gen, java.net.http.HttpHeaders headers) {
        String id = headers.firstValue(Transport.DB_HEADER).orElse(null);
        synchronized (lock) {
            if (gen == generation && id != null) {
                if (dbId != null && !dbId.equals(id)) lastT = -1;
                dbId = id;
            }
        }
        return true;
    }

    /** The stream is over, for whatever reason: decide between giving up and reconnecting. */
    private void ended(int gen, HttpResponse<byte[]> resp, Throwable err) {
        synchronized (lock) {
            if (closed || gen != generation) return;
            subscription = null;
        }
        if (resp != null && resp.statusCode() != 200) {
            int status = resp.statusCode();
            String type = resp.headers().firstValue("Content-Type").orElse("");
            AccreteException e = Responses.error(status, type, resp.body(), Request.get("/events", db, null, null));
            if (status < 500 && status != 429 && status != 408) {
                // The database is gone or access is denied: retrying cannot help.
                fail(e);
                return;
            }
        } else if (err != null && Transport.isConnectFailure(Transport.unwrap(err))) {
            synchronized (lock) {
                transport.markFailed(uriIndex);
                uriIndex = uriIndex + 1;
            }
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        boolean rejected = false;
        synchronized (lock) {
            if (closed) return;
            long delay = backoffMs;
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
            try {
                reconnect = transport.threads().timer().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                rejected = true;
            }
        }
        if (rejected) close(); // the client's timer is gone: the client was closed
    }

    private void fail(AccreteException e) {
        failure = e;
        close();
    }

    private void deliver(int gen, SseParser.Event e) {
        if (e.event() != null && !e.event().equals("tx") && !e.event().equals("message")) return;
        TxReport report;
        try {
            report = Wire.txReport(TransitCodec.decode(e.data().getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException ex) {
            fail(new AccreteException(AccreteException.INVALID_RESPONSE, "unreadable tx report in the event stream: "
                    + ex.getMessage(), Map.of(), 0, ex));
            return;
        }
        long t = report.t();
        if (e.id() != null) {
            try {
                t = Long.parseLong(e.id().trim());
            } catch (NumberFormatException ignored) {
                // Keep the report's own t.
            }
        }
        synchronized (lock) {
            // Stale streams and reports already seen before a reconnect are dropped; lastT moves
            // only with a report that is kept, so resuming from it loses nothing.
            if (closed || gen != generation || t <= lastT) return;
            lastT = t;
            if (!queue.offer(report)) parked = report;
        }
        transport.basis().advance(db, report.t());
    }

    /** One connection's stream of lines; stale once a newer connection has started. */
    private final class Lines implements Flow.Subscriber<String> {
        private final int gen;
        private final SseParser parser = new SseParser(e -> deliver(Lines.this.gen, e));

        Lines(int gen) { this.gen = gen; }

        @Override public void onSubscribe(Flow.Subscription s) {
            synchronized (lock) {
                if (closed || gen != generation) {
                    s.cancel();
                    return;
                }
                subscription = s;
                lastLineNanos = System.nanoTime();
                backoffMs = MIN_BACKOFF_MS;
                // A report parked by the previous connection goes first; refill() starts reading then.
                if (parked != null) return;
            }
            s.request(1);
        }

        @Override public void onNext(String line) {
            lastLineNanos = System.nanoTime();
            parser.line(line);
            Flow.Subscription s;
            synchronized (lock) {
                if (closed || gen != generation || parked != null) return;
                s = subscription;
            }
            if (s != null) s.request(1);
        }

        @Override public void onError(Throwable t) { }

        @Override public void onComplete() { }
    }
}
